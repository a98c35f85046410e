/**
 * Some newsrooms sign an article at its end rather than under the headline: the body's last
 * paragraph is only the writer's name in bold (`<p style="text-align:right"><strong>Jane Doe</strong></p>`).
 */
import type { Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { findDescendants } from './dom.ts';
import { inlineText } from './headline.ts';
import { isPersonName, splitAuthorString } from './authors.ts';

const BOLD = new Set(['strong', 'b']);
const MAX_PARAGRAPHS = 400;

/** The sign-off of the page's body: the <article> with the most paragraphs, its last one. */
export function signOffAuthors(articles: Element[]): string[] {
  let body: Element[] = [];
  for (const a of articles) {
    const ps = findDescendants(a, (e) => e.name === 'p', MAX_PARAGRAPHS);
    if (ps.length > body.length) body = ps;
  }
  for (let i = body.length - 1; i >= 0; i--) {
    const p = body[i]!;
    const text = inlineText(p);
    if (!text) continue;
    const tags = p.children.filter(isTag);
    const loose = p.children.some((c) => isText(c) && c.data.trim() !== '');
    if (loose || tags.length !== 1 || !BOLD.has(tags[0]!.name)) return [];
    const names = splitAuthorString(text);
    return names.length > 0 && names.every(isPersonName) ? names : [];
  }
  return [];
}
