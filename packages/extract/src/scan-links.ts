import { Tokenizer } from 'htmlparser2';
import { collectLinks, pageBase, resolveAnchors, type ResolvedLink } from './links.ts';

/**
 * The links of a page from its tokens alone: no tree and no stack of open elements, so the cost
 * stays linear however hostile the nesting (even htmlparser2's Parser is quadratic on 100k
 * unclosed tags; a tree walk of such a page is what the page pool bounds). For pages that are not
 * extracted again (unchanged on a recrawl) but whose links a crawl still follows. Resolved and
 * deduplicated as extraction resolves them (<base href>, http(s) only).
 */
export function scanLinks(html: string, url: string): ResolvedLink[] {
  const anchors: { href: string; text: string }[] = [];
  let baseHref = '';
  let tag = '';
  let attr = '';
  let value = '';
  let attrs: Record<string, string> = {};
  let open = -1;
  const endOpenTag = () => {
    if (tag === 'a' && attrs['href'] !== undefined) {
      anchors.push({ href: attrs['href'], text: '' });
      open = anchors.length - 1;
    } else if (tag === 'base' && !baseHref && attrs['href']) baseHref = attrs['href'];
    tag = '';
  };
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname: (start, end) => {
        tag = html.slice(start, end).toLowerCase();
        attrs = {};
      },
      onattribname: (start, end) => {
        attr = html.slice(start, end).toLowerCase();
        value = '';
      },
      onattribdata: (start, end) => {
        value += html.slice(start, end);
      },
      onattribentity: (codepoint) => {
        value += String.fromCodePoint(codepoint);
      },
      onattribend: () => {
        // The first of a repeated attribute wins, as in browsers.
        if ((tag === 'a' || tag === 'base') && !(attr in attrs)) attrs[attr] = value;
      },
      onopentagend: endOpenTag,
      onselfclosingtag: endOpenTag,
      onclosetag: (start, end) => {
        if (html.slice(start, end).toLowerCase() === 'a') open = -1;
      },
      ontext: (start, end) => {
        if (open >= 0) anchors[open]!.text += html.slice(start, end);
      },
      ontextentity: (codepoint) => {
        if (open >= 0) anchors[open]!.text += String.fromCodePoint(codepoint);
      },
      oncdata: () => {},
      oncomment: () => {},
      ondeclaration: () => {},
      onprocessinginstruction: () => {},
      onend: () => {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  for (const a of anchors) a.text = a.text.replace(/\s+/g, ' ');
  return collectLinks({ anchors }, resolveAnchors({ anchors }, pageBase(url, baseHref)));
}
