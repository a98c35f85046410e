import { reconcileLanguage } from './language.ts';
import { extractEntities } from './entities.ts';
import { extractKeywords } from './keywords.ts';
import { countWords } from './words.ts';
import type { EnrichInput, Enrichment } from './types.ts';

/** Text-level enrichment of one article. Pure: no I/O, no DOM. */
export function enrichText(input: EnrichInput): Enrichment {
  const title = typeof input.title === 'string' ? input.title : '';
  const text = typeof input.text === 'string' ? input.text : '';
  const lang = reconcileLanguage(`${title}\n${text}`, input.declaredLanguage);
  const { wordCount, readingTimeMinutes } = countWords(text);
  return {
    language: lang.language,
    languageConfidence: lang.confidence,
    entities: extractEntities(title, text, lang.language),
    keywords: extractKeywords(title, text, lang.language),
    wordCount,
    readingTimeMinutes,
  };
}
