/**
 * Key phrases vs the editors' topic tags in fundus-dev (a proxy: tags are what a newsroom files the
 * story under). Only tags that occur in the title or text count — no text method can find the rest.
 *   node packages/enrich/scripts/measure-keywords.ts
 * Reports how many of those tags appear among our 10 key phrases, among key phrases + entities,
 * and for a baseline: the 10 most frequent non-stop-words.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enrichText } from '../src/index.ts';
import { stopWords } from '../src/stopwords.ts';

const DATA = process.env['FUNDUS_DIR'] ?? fileURLToPath(new URL('../../../../shared/datasets/fundus-dev', import.meta.url));
if (!existsSync(join(DATA, 'truth.json'))) {
  console.log(`no dataset at ${DATA}`);
  process.exit(0);
}
const truth = JSON.parse(readFileSync(join(DATA, 'truth.json'), 'utf8')) as { file: string; title: string; body: string; topics: string[] | null }[];
const pages = [...new Map(truth.map((t) => [t.file, t])).values()];

function fold(s: string): string {
  return ` ${s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}
/** Same phrase up to containment and a plural/case ending ("Smartphone" ~ "Smartphones"). */
function matches(topic: string, phrase: string): boolean {
  const strip = (s: string): string => s.replace(/(?:en|es|e|s|n)(?= )/g, '');
  const a = strip(fold(topic));
  const b = strip(fold(phrase));
  return a.trim() !== '' && b.trim() !== '' && (a.includes(b) || b.includes(a));
}

function baseline(text: string, lang: string | null): string[] {
  const stops = stopWords(lang);
  const counts = new Map<string, number>();
  for (const w of text.toLowerCase().match(/\p{L}[\p{L}\p{N}'’-]{2,}/gu) ?? []) if (!stops.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 10)
    .map(([w]) => w);
}

let findable = 0;
let inKeywords = 0;
let inAll = 0;
let inBaseline = 0;
for (const t of pages) {
  if (!t.topics || !t.body) continue;
  const e = enrichText({ title: t.title, text: t.body, declaredLanguage: null });
  const ents = [...e.entities.people, ...e.entities.organizations, ...e.entities.places];
  const base = baseline(`${t.title}\n${t.body}`, e.language);
  const haystack = fold(`${t.title} ${t.body}`);
  for (const topic of t.topics) {
    if (!haystack.includes(fold(topic))) continue;
    findable++;
    if (e.keywords.some((k) => matches(topic, k))) inKeywords++;
    if ([...e.keywords, ...ents].some((k) => matches(topic, k))) inAll++;
    if (base.some((k) => matches(topic, k))) inBaseline++;
  }
}
const pct = (n: number): string => `${((100 * n) / Math.max(1, findable)).toFixed(1)}%`;
console.log(`${findable} topic tags occur in their article's text`);
console.log(`| found among | share of those tags |`);
console.log(`|---|---|`);
console.log(`| our 10 key phrases | ${pct(inKeywords)} |`);
console.log(`| our key phrases + entities | ${pct(inAll)} |`);
console.log(`| baseline: 10 most frequent non-stop-words | ${pct(inBaseline)} |`);
