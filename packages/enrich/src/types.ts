export interface Enrichment {
  /** ISO 639-1, from the text, reconciled with the declared language. */
  language: string | null;
  /** 0..1 */
  languageConfidence: number;
  entities: { people: string[]; organizations: string[]; places: string[] };
  /** Key phrases, best first. */
  keywords: string[];
  wordCount: number;
  readingTimeMinutes: number;
}

export interface EnrichInput {
  title: string;
  text: string;
  /** The page's declared language (e.g. from <html lang>), if any. */
  declaredLanguage: string | null;
}
