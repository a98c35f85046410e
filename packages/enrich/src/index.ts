export { enrichText } from './enrich.ts';
export { detectLanguage, reconcileLanguage, type LanguageGuess } from './language.ts';
export { extractEntities, type Entities } from './entities.ts';
export { extractKeywords } from './keywords.ts';
export { countWords, type WordStats } from './words.ts';
export type { Enrichment, EnrichInput } from './types.ts';
