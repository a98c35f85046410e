import type { AnyNode, Document } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { collapse } from './text.ts';

const MAX_NODES = 400;

/**
 * The <title> and og:title of a page from its head alone: a few hundred nodes at most, so
 * per-host affix learning costs nothing beside the full scan.
 */
export function headTitles(doc: Document): string[] {
  const out: string[] = [];
  const stack: AnyNode[] = [...doc.children].reverse();
  for (let seen = 0; stack.length > 0 && seen < MAX_NODES; seen++) {
    const n = stack.pop()!;
    if (!isTag(n)) continue;
    if (n.name === 'body') break;
    if (n.name === 'title') {
      const t = collapse(n.children.map((c) => (isText(c) ? c.data : '')).join(''));
      if (t) out.push(t);
      continue;
    }
    if (n.name === 'meta') {
      const key = (n.attribs['property'] ?? n.attribs['name'] ?? '').toLowerCase();
      const content = n.attribs['content'];
      if (key === 'og:title' && content) out.push(collapse(content));
      continue;
    }
    if (n.name === 'script' || n.name === 'style' || n.name === 'svg') continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}
