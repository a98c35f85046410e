// The reference extractor: Mozilla Readability over a linkedom document (parse included).
import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';

export function readabilityText(html: string): string {
  try {
    const { document } = parseHTML(html);
    const r = new Readability(document).parse();
    return r?.textContent ?? '';
  } catch {
    return '';
  }
}
