// Real article bodies for the generated news site: Fundus' hand-written news bodies and the
// paragraphs Readability's test suite keeps, grouped by language so that one page never mixes two.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DATASETS } from './datasets.ts';

export interface SourceArticle {
  title: string;
  authors: string[];
  publishedAt: string | null;
  lang: string;
  paragraphs: string[];
}

const COUNTRY_LANG: Record<string, string> = { de: 'de', at: 'de', ch: 'de', li: 'de', lu: 'de', es: 'es', it: 'it', fr: 'fr', no: 'no', pl: 'pl', jp: 'ja', be: 'fr' };

const decodeEntities = (s: string) =>
  s
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)));

const usable = (ps: string[]) => ps.map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.length >= 60);

function fundus(): SourceArticle[] {
  const file = join(DATASETS, 'fundus-dev', 'truth.json');
  if (!existsSync(file)) return [];
  const rows = JSON.parse(readFileSync(file, 'utf8')) as { country: string; title: string; authors: string | string[]; publishing_date: string | null; body: string }[];
  return rows.map((r) => ({
    title: r.title,
    authors: Array.isArray(r.authors) ? r.authors : [...String(r.authors).matchAll(/'([^']+)'/g)].map((m) => m[1]!),
    publishedAt: r.publishing_date && r.publishing_date !== 'None' ? new Date(r.publishing_date).toISOString() : null,
    lang: COUNTRY_LANG[r.country] ?? 'en',
    paragraphs: usable(r.body.split('\n')),
  }));
}

function readabilityTests(): SourceArticle[] {
  const dir = join(DATASETS, 'readability-tests');
  if (!existsSync(dir)) return [];
  const out: SourceArticle[] = [];
  for (const name of readdirSync(dir).sort()) {
    const expected = join(dir, name, 'expected.html.gz');
    if (!existsSync(expected)) continue;
    const html = gunzipSync(readFileSync(expected)).toString('utf8');
    const paragraphs = usable([...html.matchAll(/<p[^>]*>([\s\S]*?)<\/p>/g)].map((m) => decodeEntities(m[1]!.replace(/<[^>]+>/g, ''))));
    let meta: { title?: string; byline?: string; lang?: string; publishedTime?: string } = {};
    try {
      meta = JSON.parse(readFileSync(join(dir, name, 'expected-metadata.json'), 'utf8'));
    } catch {
      // Some pages have no metadata file.
    }
    out.push({
      title: meta.title ?? paragraphs[0]?.slice(0, 70) ?? name,
      authors: meta.byline ? [meta.byline] : [],
      publishedAt: null,
      lang: (meta.lang ?? 'en').slice(0, 2).toLowerCase(),
      paragraphs,
    });
  }
  return out;
}

/** Articles with at least three usable paragraphs; a tiny built-in set when the datasets are missing. */
export function loadNewsCorpus(): SourceArticle[] {
  const tidy = (s: string) => s.replace(/\s+/g, ' ').trim();
  const all = [...fundus(), ...readabilityTests()].filter((a) => a.paragraphs.length >= 3).map((a) => ({ ...a, title: tidy(a.title), authors: a.authors.map(tidy).filter(Boolean) }));
  if (all.length >= 20) return all;
  const words = 'council harbour railway library festival river bridge school market museum ferry forest tunnel stadium budget election'.split(' ');
  return Array.from({ length: 40 }, (_, i) => ({
    title: `The ${words[i % 16]} plan, part ${i}`,
    authors: [`Reporter ${i % 7}`],
    publishedAt: null,
    lang: 'en',
    paragraphs: Array.from(
      { length: 6 },
      (_, p) =>
        `Paragraph ${p} of story ${i}: the ${words[(i + p) % 16]} committee met the ${words[(i * 3 + p) % 16]} board to settle how the ${words[(i + 2 * p) % 16]} works would be shared over ${10 + i + p} weeks, and residents asked questions.`,
    ),
  }));
}
