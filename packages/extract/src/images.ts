import type { Element, AnyNode } from 'domhandler';
import type { ExtractedImage } from './types.ts';
import type { PageTable } from './walk.ts';
import { resolveUrl } from './links.ts';

const CREDIT_CLASS = /credit|copyright|photographer|source|quelle|fotograf|author/i;
const CREDIT_TEXT = /(?:^|\s|\()(?:photo|foto|image|bild|credit|quelle|source|©|\(c\))\s*:?\s*([^()]{2,80}?)\)?\s*$/i;

function imageSrc(el: Element): string {
  const a = el.attribs;
  const lazy = a['data-src'] ?? a['data-lazy-src'] ?? a['data-original'] ?? a['data-url'];
  const src = a.src;
  // Lazy-loading templates put a placeholder (data: URI or spacer gif) in src.
  if (lazy && (!src || src.startsWith('data:') || /blank|spacer|placeholder|pixel/i.test(src))) return lazy;
  if (src && !src.startsWith('data:')) return src;
  const set = a.srcset ?? a['data-srcset'];
  if (set) return set.trim().split(/\s+/)[0] ?? '';
  return lazy ?? '';
}

/** Text of a small subtree (a figure), iterative so hostile nesting cannot overflow the stack. */
function smallText(root: Element, pick: (el: Element) => boolean): string {
  const stack: AnyNode[] = [root];
  let out = '';
  let budget = 2000;
  while (stack.length > 0 && budget-- > 0) {
    const n = stack.pop()!;
    if (n.type === 'tag') {
      const el = n;
      if (el !== root && pick(el)) {
        const inner: AnyNode[] = [el];
        let s = '';
        while (inner.length > 0 && budget-- > 0) {
          const x = inner.pop()!;
          if (x.type === 'text') s += (x as unknown as { data: string }).data;
          else if (x.type === 'tag') for (let k = x.children.length - 1; k >= 0; k--) inner.push(x.children[k]!);
        }
        out = s.replace(/\s+/g, ' ').trim();
        if (out) return out;
        continue;
      }
      for (let k = el.children.length - 1; k >= 0; k--) stack.push(el.children[k]!);
    }
  }
  return out;
}

export function collectImages(t: PageTable, inArticle: (el: number) => boolean, base: URL | undefined): ExtractedImage[] {
  const captions = new Map<number, string>();
  for (const a of t.atoms) {
    if (a.owner < 0) continue;
    const c = t.caption[a.owner]!;
    const f = t.figure[a.owner]!;
    if (c >= 0 && f >= 0) captions.set(f, (captions.get(f) ? captions.get(f)! + ' ' : '') + a.text);
  }
  const out: ExtractedImage[] = [];
  const seen = new Set<string>();
  for (const i of t.images) {
    if (!inArticle(i)) continue;
    const el = t.els[i]!;
    const w = Number.parseInt(el.attribs.width ?? '', 10);
    const h = Number.parseInt(el.attribs.height ?? '', 10);
    if ((w > 0 && w < 50) || (h > 0 && h < 50)) continue; // icons, tracking pixels
    const src = resolveUrl(imageSrc(el), base);
    if (src === undefined || seen.has(src)) continue;
    seen.add(src);
    const fig = t.figure[i]!;
    const caption = fig >= 0 ? (captions.get(fig) ?? '') : '';
    let credit = fig >= 0 ? smallText(t.els[fig]!, (e) => CREDIT_CLASS.test(e.attribs.class ?? '')) : '';
    if (!credit && caption) credit = CREDIT_TEXT.exec(caption)?.[1]?.trim() ?? '';
    out.push({ src, alt: (el.attribs.alt ?? '').replace(/\s+/g, ' ').trim(), caption, credit });
  }
  return out;
}
