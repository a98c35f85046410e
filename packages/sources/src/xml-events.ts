import { Parser } from 'htmlparser2';

export interface XmlHandlers {
  /** `path` is the stack of lower-cased element names, prefixes kept (image:loc is not loc), root first. */
  open?(path: readonly string[], attrs: Record<string, string>): void;
  /** Called with the element's text content when it closes. */
  close?(path: readonly string[], text: string): void;
}

/**
 * Streams XML events without building a tree, so a 50 MB sitemap costs no more than its text.
 * htmlparser2 is lenient: callers judge well-formedness by what they saw (root element, entries).
 * Returns the root element's name, or null when there was none.
 */
export function walkXml(xml: string, handlers: XmlHandlers): string | null {
  const path: string[] = [];
  const texts: string[] = [];
  let root: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const lower = name.toLowerCase();
        path.push(lower);
        root ??= lower;
        texts.push('');
        handlers.open?.(path, attrs);
      },
      ontext(text) {
        if (texts.length > 0) texts[texts.length - 1] += text;
      },
      onclosetag() {
        const text = texts.pop() ?? '';
        handlers.close?.(path, text.trim());
        path.pop();
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
  );
  parser.write(xml);
  parser.end();
  return root;
}
