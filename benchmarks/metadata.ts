/**
 * Metadata accuracy on fundus-dev and readability-tests: our extractMetadata vs metascraper, same
 * pages, same run. trafilatura-eval has no metadata truth (only body snippets), so on it only
 * coverage is measured: pages where each system finds a title, authors or a date, and how often the
 * two agree where both found one. Coverage is not accuracy; it shows a field that stops being found.
 *
 *   node benchmarks/metadata.ts                   tables
 *   node benchmarks/metadata.ts --misses          also list every page where we miss a field
 *   node benchmarks/metadata.ts --no-trafilatura  skip the coverage section (about 90 s, mostly metascraper)
 *
 * Scoring rules (and why):
 * - title: exact after whitespace/quote/zero-width normalisation; "close" = token F1 ≥ 0.9.
 * - authors: names compared case/diacritic-insensitively; exact = same set, F1 = per-name F1
 *   averaged over pages. Metascraper returns one string, so it is split on ", " / " and " / " & "
 *   first to give it the same chance at multi-author pages.
 * - date: instant within ±1 minute. Fundus writes some dates without an offset: those match when our
 *   instant equals the wall-clock time under some whole-hour (or :30/:45) UTC offset, because the
 *   page's zone is unknown. "day" = same calendar day (local or UTC day of the truth).
 * - readability-tests (as the datasets README says): title and byline exact after the same
 *   normalisation, over the pages whose expected metadata has that field; our byline is the author
 *   list joined with ", ". Readability's expected bylines keep the page's wording ("By X"), which
 *   no author list reproduces, so "byline names" also counts pages where every expected name
 *   (split like metascraper's) is among ours. Dates: expected publishedTime, scored as fundus's.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseDocument } from 'htmlparser2';
import metascraper from 'metascraper';
import msTitle from 'metascraper-title';
import msAuthor from 'metascraper-author';
import msDate from 'metascraper-date';
import msPublisher from 'metascraper-publisher';
import msLang from 'metascraper-lang';
import { extractMetadata } from '../packages/metadata/src/index.ts';
import { loadReadabilityTests, loadTrafilatura } from './lib/datasets.ts';

interface Truth {
  country: string;
  publisher: string;
  file: string;
  url: string;
  title: string | null;
  authors: string[] | null;
  publishing_date: string | null;
}

interface Prediction {
  title: string | null;
  authors: string[];
  date: string | null;
}

interface Score {
  titleExact: number;
  titleClose: number;
  authorsExact: number;
  authorsF1: number;
  dateInstant: number;
  dateDay: number;
}

const DATA = process.env['FUNDUS_DIR'] ?? '/work/shared/datasets/fundus-dev';
const showMisses = process.argv.includes('--misses');

function normText(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/[“”„«»‟"]/g, '"')
    .replace(/[‘’‚‹›`´]/g, "'")
    .replace(/[‐-―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

function tokens(s: string): string[] {
  return normText(s)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function tokenF1(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return ta.length === tb.length ? 1 : 0;
  const pool = new Map<string, number>();
  for (const t of tb) pool.set(t, (pool.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of ta) {
    const n = pool.get(t) ?? 0;
    if (n > 0) {
      common++;
      pool.set(t, n - 1);
    }
  }
  if (common === 0) return 0;
  const p = common / ta.length;
  const r = common / tb.length;
  return (2 * p * r) / (p + r);
}

function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function authorScores(pred: string[], truth: string[]): { exact: boolean; f1: number } {
  const p = [...new Set(pred.map(foldName).filter(Boolean))];
  const t = [...new Set(truth.map(foldName).filter(Boolean))];
  if (t.length === 0) return { exact: p.length === 0, f1: p.length === 0 ? 1 : 0 };
  const hits = p.filter((x) => t.includes(x)).length;
  const f1 = hits === 0 ? 0 : (2 * (hits / p.length) * (hits / t.length)) / (hits / p.length + hits / t.length);
  return { exact: hits === t.length && p.length === t.length, f1 };
}

const OFFSETS = [...Array.from({ length: 27 }, (_, i) => (i - 12) * 60), 330, 345, 570, 630, -210, -150];

function hasZone(s: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2})$/.test(s.trim());
}

function toMs(s: string, assumeUtc: boolean): number {
  const iso = s.trim().replace(' ', 'T');
  return Date.parse(hasZone(iso) || !assumeUtc ? iso : `${iso}Z`);
}

function dateScores(pred: string | null, truth: string | null): { instant: boolean; day: boolean } {
  if (!truth) return { instant: pred === null, day: pred === null };
  if (!pred) return { instant: false, day: false };
  const tZoned = hasZone(truth);
  const pZoned = hasZone(pred);
  const t = toMs(truth, true);
  const p = toMs(pred, true);
  if (Number.isNaN(t) || Number.isNaN(p)) return { instant: false, day: false };
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= 60_000;
  const instant = tZoned && pZoned ? near(t, p) : OFFSETS.some((o) => near(p + o * 60_000, t) || near(p, t));
  const truthLocalDay = truth.trim().slice(0, 10);
  const truthUtcDay = new Date(t).toISOString().slice(0, 10);
  const predDay = pred.trim().slice(0, 10);
  return { instant, day: predDay === truthLocalDay || predDay === truthUtcDay };
}

function splitMs(author: string | undefined): string[] {
  if (!author) return [];
  return author.split(/\s*,\s*|\s+and\s+|\s*&\s*/).filter(Boolean);
}

function score(pred: Prediction, truth: Truth): Score {
  const tTitle = truth.title ?? '';
  const a = authorScores(pred.authors, truth.authors ?? []);
  const d = dateScores(pred.date, truth.publishing_date);
  const exact = pred.title !== null && normText(pred.title) === normText(tTitle);
  return {
    titleExact: exact ? 1 : 0,
    titleClose: exact || (pred.title !== null && tokenF1(pred.title, tTitle) >= 0.9) ? 1 : 0,
    authorsExact: a.exact ? 1 : 0,
    authorsF1: a.f1,
    dateInstant: d.instant ? 1 : 0,
    dateDay: d.day ? 1 : 0,
  };
}

function add(into: Score, s: Score): void {
  for (const k of Object.keys(into) as (keyof Score)[]) into[k] += s[k];
}

function zero(): Score {
  return { titleExact: 0, titleClose: 0, authorsExact: 0, authorsF1: 0, dateInstant: 0, dateDay: 0 };
}

function pct(n: number, d: number): string {
  return d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`;
}

async function main(): Promise<void> {
  const truth = JSON.parse(readFileSync(join(DATA, 'truth.json'), 'utf8')) as Truth[];
  // the same file can be listed twice (fundus lists a page per parser version): score each file once
  const pages = [...new Map(truth.map((t) => [t.file, t])).values()];
  const scraper = metascraper([msTitle(), msAuthor(), msDate(), msPublisher(), msLang()]);
  const ours = zero();
  const theirs = zero();
  const byCountry = new Map<string, { n: number; ours: Score; theirs: Score }>();
  let oursMs = 0;
  let theirsMs = 0;
  const misses: string[] = [];

  for (const t of pages) {
    const html = gunzipSync(readFileSync(join(DATA, 'html', t.file))).toString('utf8');
    let start = performance.now();
    const doc = parseDocument(html);
    const md = extractMetadata(doc, t.url);
    oursMs += performance.now() - start;
    start = performance.now();
    const ms = await scraper({ html, url: t.url });
    theirsMs += performance.now() - start;

    const so = score({ title: md.title, authors: md.authors, date: md.publishedAt }, t);
    const st = score({ title: ms.title ?? null, authors: splitMs(ms.author), date: ms.date ?? null }, t);
    add(ours, so);
    add(theirs, st);
    const c = byCountry.get(t.country) ?? { n: 0, ours: zero(), theirs: zero() };
    c.n++;
    add(c.ours, so);
    add(c.theirs, st);
    byCountry.set(t.country, c);
    if (showMisses) {
      if (!so.titleExact) misses.push(`${t.file} TITLE${so.titleClose ? '(close)' : ''} got ${JSON.stringify(md.title)} want ${JSON.stringify(t.title)}`);
      if (!so.authorsExact) misses.push(`${t.file} AUTHORS f1=${so.authorsF1.toFixed(2)} got ${JSON.stringify(md.authors)} want ${JSON.stringify(t.authors)}`);
      if (!so.dateInstant) misses.push(`${t.file} DATE${so.dateDay ? '(day ok)' : ''} got ${md.publishedAt} want ${t.publishing_date}`);
    }
  }

  const n = pages.length;
  const rows: [string, keyof Score][] = [
    ['title exact', 'titleExact'],
    ['title close (token F1>=0.9)', 'titleClose'],
    ['authors exact set', 'authorsExact'],
    ['authors per-name F1 (mean)', 'authorsF1'],
    ['date same instant (±1 min)', 'dateInstant'],
    ['date same day', 'dateDay'],
  ];
  console.log(`fundus-dev: ${n} pages (${truth.length} truth rows), ${byCountry.size} countries\n`);
  console.log(`| field                        | ours   | metascraper |`);
  console.log(`|------------------------------|--------|-------------|`);
  for (const [label, key] of rows) console.log(`| ${label.padEnd(28)} | ${pct(ours[key], n)} | ${pct(theirs[key], n).padStart(11)} |`);
  console.log(`| ${'ms per page (parse+extract)'.padEnd(28)} | ${(oursMs / n).toFixed(1).padStart(6)} | ${(theirsMs / n).toFixed(1).padStart(11)} |`);

  console.log(`\nper country (ours / metascraper): title close, authors F1, date instant`);
  for (const [country, c] of [...byCountry].sort((a, b) => b[1].n - a[1].n)) {
    const cell = (k: keyof Score): string => `${pct(c.ours[k], c.n)} / ${pct(c.theirs[k], c.n)}`;
    console.log(`  ${country.padEnd(4)} n=${String(c.n).padStart(2)}  title ${cell('titleClose')}  authors ${cell('authorsF1')}  date ${cell('dateInstant')}`);
  }
  await readabilityTests(scraper);
  if (!process.argv.includes('--no-trafilatura')) await trafilaturaCoverage(scraper);
  if (showMisses) console.log(`\nmisses:\n${misses.join('\n')}`);
}

async function readabilityTests(scraper: ReturnType<typeof metascraper>): Promise<void> {
  const pages = loadReadabilityTests();
  const rows = {
    title: { n: 0, ours: 0, theirs: 0 },
    byline: { n: 0, ours: 0, theirs: 0 },
    names: { n: 0, ours: 0, theirs: 0 },
    date: { n: 0, ours: 0, theirs: 0 },
    dateDay: { n: 0, ours: 0, theirs: 0 },
  };
  const same = (a: string | null | undefined, b: string): boolean => a != null && normText(a) === normText(b);
  const stripBy = (s: string): string => s.replace(/^\s*(?:by|von|par|por)\s+/i, '');
  const hasNames = (pred: string[], byline: string): boolean => {
    const want = splitMs(stripBy(byline)).map(foldName).filter(Boolean);
    const got = new Set(pred.map(foldName));
    return want.length > 0 && want.every((w) => got.has(w));
  };
  for (const pg of pages) {
    const md = extractMetadata(parseDocument(pg.html), pg.url);
    // metascraper refuses a host without a public suffix, so it gets the same path on example.com
    const ms = await scraper({ html: pg.html, url: pg.url.replace('//fakehost/', '//fakehost.example.com/') }).catch((): Record<string, string | undefined> => ({}));
    const { title, byline, publishedTime } = pg.meta;
    if (title) {
      rows.title.n++;
      if (same(md.title, title)) rows.title.ours++;
      else if (showMisses) console.log(`readability-tests ${pg.name} TITLE got ${JSON.stringify(md.title)} want ${JSON.stringify(title)}`);
      if (same(ms.title, title)) rows.title.theirs++;
    }
    if (byline) {
      rows.byline.n++;
      rows.names.n++;
      if (same(md.authors.join(', '), byline)) rows.byline.ours++;
      if (same(ms.author, byline)) rows.byline.theirs++;
      if (hasNames(md.authors, byline)) rows.names.ours++;
      if (hasNames(splitMs(ms.author), byline)) rows.names.theirs++;
    }
    if (publishedTime) {
      rows.date.n++;
      rows.dateDay.n++;
      const o = dateScores(md.publishedAt, publishedTime);
      const t = dateScores(ms.date ?? null, publishedTime);
      if (o.instant) rows.date.ours++;
      if (t.instant) rows.date.theirs++;
      if (o.day) rows.dateDay.ours++;
      if (t.day) rows.dateDay.theirs++;
      if (!o.instant && showMisses) console.log(`readability-tests ${pg.name} DATE got ${md.publishedAt} want ${publishedTime}`);
    }
  }
  console.log(`\nreadability-tests: ${pages.length} pages`);
  console.log(`| field                        | pages | ours   | metascraper |`);
  console.log(`|------------------------------|-------|--------|-------------|`);
  for (const [label, r] of [
    ['title exact', rows.title],
    ['byline exact', rows.byline],
    ['byline names all found', rows.names],
    ['date same instant (±1 min)', rows.date],
    ['date same day', rows.dateDay],
  ] as const) {
    console.log(`| ${label.padEnd(28)} | ${String(r.n).padStart(5)} | ${pct(r.ours, r.n)} | ${pct(r.theirs, r.n).padStart(11)} |`);
  }
}

/** No truth: how often each system finds each field, and agreement where both do. */
async function trafilaturaCoverage(scraper: ReturnType<typeof metascraper>): Promise<void> {
  const pages = loadTrafilatura();
  const found = { title: [0, 0], authors: [0, 0], date: [0, 0] };
  const agree = { title: { n: 0, same: 0 }, date: { n: 0, same: 0 } };
  for (const pg of pages) {
    const md = extractMetadata(parseDocument(pg.html), pg.url);
    const ms = await scraper({ html: pg.html, url: pg.url }).catch((): Record<string, string | undefined> => ({}));
    const mine = { title: md.title, authors: md.authors.length > 0, date: md.publishedAt };
    const theirs = { title: ms.title ?? null, authors: splitMs(ms.author).length > 0, date: ms.date ?? null };
    if (mine.title) found.title[0]!++;
    if (theirs.title) found.title[1]!++;
    if (mine.authors) found.authors[0]!++;
    if (theirs.authors) found.authors[1]!++;
    if (mine.date) found.date[0]!++;
    if (theirs.date) found.date[1]!++;
    if (mine.title && theirs.title) {
      agree.title.n++;
      if (normText(mine.title) === normText(theirs.title)) agree.title.same++;
    }
    if (mine.date && theirs.date) {
      agree.date.n++;
      if (dateScores(mine.date, theirs.date).day) agree.date.same++;
    }
  }
  const n = pages.length;
  console.log(`\ntrafilatura-eval: ${n} pages, no metadata truth: coverage (pages with a value), not accuracy`);
  console.log(`| field                        | ours   | metascraper |`);
  console.log(`|------------------------------|--------|-------------|`);
  console.log(`| ${'title found'.padEnd(28)} | ${pct(found.title[0]!, n)} | ${pct(found.title[1]!, n).padStart(11)} |`);
  console.log(`| ${'authors found'.padEnd(28)} | ${pct(found.authors[0]!, n)} | ${pct(found.authors[1]!, n).padStart(11)} |`);
  console.log(`| ${'date found'.padEnd(28)} | ${pct(found.date[0]!, n)} | ${pct(found.date[1]!, n).padStart(11)} |`);
  console.log(
    `where both found one: title the same on ${pct(agree.title.same, agree.title.n).trim()} of ${agree.title.n} pages, date the same day on ${pct(agree.date.same, agree.date.n).trim()} of ${agree.date.n}`,
  );
}

await main();
