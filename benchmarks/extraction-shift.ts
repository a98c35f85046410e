// How much a host's extraction figures move by chance, to set the redesign thresholds
// (packages/extraction-health/src/shift.ts). Extracts every page of trafilatura-eval and
// fundus-dev once, then draws pairs of disjoint random samples of N pages from that pool (as two
// crawls of one host) and prints, per N, percentiles of the fall of each figure from the first
// sample to the second and how often the shipped thresholds would flag such a pair. The pool
// spans ~1,000 hosts, so its pages differ far more than one host's do: the figures are upper
// bounds of a real host's noise.
// Usage: node benchmarks/extraction-shift.ts [--pairs 2000] [--limit N] [--json]
import { extractArticle } from '../packages/extract/src/index.ts';
import { decodeFigures, detectShift, FIELD, pageIncrements, SHIFT_THRESHOLDS, type PageObservation } from '../packages/extraction-health/src/index.ts';
import { argValue, loadFundus, loadTrafilatura } from './lib/datasets.ts';

const pairs = Number(argValue('--pairs') ?? 2000);
const limit = Number(argValue('--limit') ?? Infinity);
const asJson = process.argv.includes('--json');
const SIZES = [10, 20, 30, 40, 80];

const pool: PageObservation[] = [];
for (const page of [...loadTrafilatura(limit), ...loadFundus(limit)]) {
  const a = extractArticle(page.html, page.url);
  const article = a.text.trim() !== '';
  pool.push({ url: page.url, article, bodyLength: article ? a.text.length : 0, confidence: article ? a.confidence : 0, templateBlocksRemoved: 0 });
}

// A fixed seed: the table is the same on every run.
let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};

function sampleTwo(n: number): [PageObservation[], PageObservation[]] {
  const idx = pool.map((_, i) => i);
  for (let i = 0; i < 2 * n; i++) {
    const j = i + Math.floor(random() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return [idx.slice(0, n).map((i) => pool[i]!), idx.slice(n, 2 * n).map((i) => pool[i]!)];
}

function figuresOf(pages: PageObservation[], generation: string) {
  const hash: Record<string, string> = { [FIELD.generation]: generation };
  for (const p of pages) for (const [f, by] of pageIncrements(p)) hash[f] = String(Number(hash[f] ?? 0) + by);
  return decodeFigures(hash)!;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

const rows = SIZES.map((n) => {
  const ratioDrop: number[] = [];
  const lengthFactor: number[] = [];
  const confidenceDrop: number[] = [];
  let flagged = 0;
  const byReason: Record<string, number> = {};
  for (let i = 0; i < pairs; i++) {
    const [a, b] = sampleTwo(n);
    const prev = figuresOf(a, 'a');
    const cur = figuresOf(b, 'b');
    ratioDrop.push(prev.articleRatio - cur.articleRatio);
    if (prev.medianBodyLength && cur.medianBodyLength) lengthFactor.push(cur.medianBodyLength / prev.medianBodyLength);
    if (prev.medianConfidence !== null && cur.medianConfidence !== null) confidenceDrop.push(prev.medianConfidence - cur.medianConfidence);
    const verdict = detectShift(prev, cur, { ...SHIFT_THRESHOLDS, minPages: n });
    if (verdict.flagged) flagged++;
    for (const r of verdict.reasons) byReason[r.code] = (byReason[r.code] ?? 0) + 1;
  }
  return {
    pages: n,
    articleRatioDrop: { p99: pct(ratioDrop, 0.99), p999: pct(ratioDrop, 0.999), max: Math.max(...ratioDrop) },
    bodyLengthFactor: { p1: pct(lengthFactor, 0.01), p01: pct(lengthFactor, 0.001), min: Math.min(...lengthFactor) },
    confidenceDrop: { p99: pct(confidenceDrop, 0.99), p999: pct(confidenceDrop, 0.999), max: Math.max(...confidenceDrop) },
    flaggedShare: flagged / pairs,
    byReason,
  };
});

const articles = pool.filter((p) => p.article).length;
if (asJson) console.log(JSON.stringify({ pool: pool.length, articles, pairs, rows }, null, 2));
else {
  const f = (x: number) => x.toFixed(3);
  console.log(`pool: ${pool.length} pages, ${articles} with an article; ${pairs} pairs of disjoint samples per size`);
  console.log('pages | articles-found fall p99 / p99.9 / max | median length ratio p1 / p0.1 / min | median confidence fall p99 / p99.9 / max | flagged');
  for (const r of rows) {
    console.log(
      `${String(r.pages).padStart(5)} | ${f(r.articleRatioDrop.p99)} / ${f(r.articleRatioDrop.p999)} / ${f(r.articleRatioDrop.max)}` +
        `          | ${f(r.bodyLengthFactor.p1)} / ${f(r.bodyLengthFactor.p01)} / ${f(r.bodyLengthFactor.min)}` +
        `       | ${f(r.confidenceDrop.p99)} / ${f(r.confidenceDrop.p999)} / ${f(r.confidenceDrop.max)}` +
        `             | ${(r.flaggedShare * 100).toFixed(2)} % ${JSON.stringify(r.byReason)}`,
    );
  }
}
