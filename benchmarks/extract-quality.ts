// Extraction quality: Trafilatura's snippet metric on trafilatura-eval (overall and per language)
// and token-level body P/R/F1 on fundus-dev and readability-tests, for our extractor and
// Readability.js in one run. readability-tests is Readability.js's own suite, so it passes it by
// construction: there it shows where we break, not who is better. Also reports how well our
// extraction confidence predicts body F1 (mean F1 per confidence band).
// Usage: node benchmarks/extract-quality.ts [--limit N] [--json] [--worst N] [--no-readability]
import { extractArticle } from '../packages/extract/src/index.ts';
import { argValue, loadFundus, loadReadabilityTests, loadTrafilatura } from './lib/datasets.ts';
import { readabilityText } from './lib/readability.ts';
import { addCounts, pageLanguage, prf, snippetCounts, tokenPrf, type Counts } from './lib/score.ts';

const limit = Number(argValue('--limit') ?? Infinity);
const asJson = process.argv.includes('--json');
const worst = Number(argValue('--worst') ?? 0);
const withReadability = !process.argv.includes('--no-readability');

type Sys = 'ours' | 'readability';
const systems: Sys[] = withReadability ? ['ours', 'readability'] : ['ours'];
const run = (s: Sys, html: string, url: string): string => (s === 'ours' ? extractArticle(html, url).text : readabilityText(html));
// confidence band → [pages, sum of body F1], over the token-scored sets
const BANDS = [0.5, 0.8, Infinity];
const bands = BANDS.map(() => ({ n: 0, f1: 0 }));
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

const t0 = performance.now();
const pages = loadTrafilatura(limit);
const total: Record<string, Counts> = {};
const byLang: Record<string, Record<string, Counts>> = {};
const pageCounts: Record<string, number> = {};
const perPage: { file: string; url: string; c: Counts }[] = [];
for (const s of systems) total[s] = zero();
for (const pg of pages) {
  let lang = '';
  for (const s of systems) {
    const text = run(s, pg.html, pg.url);
    if (!lang) lang = pageLanguage(pg.html, text);
    const c = snippetCounts(text, pg.with, pg.without);
    addCounts(total[s]!, c);
    (byLang[lang] ??= {})[s] ??= zero();
    addCounts(byLang[lang]![s]!, c);
    if (s === 'ours') perPage.push({ file: pg.file, url: pg.url, c });
  }
  pageCounts[lang] = (pageCounts[lang] ?? 0) + 1;
}

type TokenPage = { html: string; url: string; body: string };
function tokenScores(set: TokenPage[]): Record<string, { p: number; r: number; f1: number }> {
  const out: Record<string, { p: number; r: number; f1: number }> = {};
  for (const s of systems) {
    let p = 0,
      r = 0,
      f1 = 0;
    for (const pg of set) {
      const ours = s === 'ours' ? extractArticle(pg.html, pg.url) : null;
      const x = tokenPrf(ours ? ours.text : run(s, pg.html, pg.url), pg.body);
      p += x.p;
      r += x.r;
      f1 += x.f1;
      if (ours) {
        const band = bands[BANDS.findIndex((b) => ours.confidence < b)]!;
        band.n++;
        band.f1 += x.f1;
      }
    }
    const n = Math.max(1, set.length);
    out[s] = { p: p / n, r: r / n, f1: f1 / n };
  }
  return out;
}
const fundus = loadFundus(limit);
const fundusScores = tokenScores(fundus);
const rtests = loadReadabilityTests(limit);
const rtestScores = tokenScores(rtests);
const secs = (performance.now() - t0) / 1000;

const fmt = (x: number): string => x.toFixed(4);
if (asJson) {
  const out = {
    pages: pages.length,
    trafilatura: Object.fromEntries(systems.map((s) => [s, { ...total[s], ...prf(total[s]!) }])),
    languages: Object.fromEntries(Object.entries(byLang).map(([l, v]) => [l, { pages: pageCounts[l], ...Object.fromEntries(systems.map((s) => [s, prf(v[s]!)])) }])),
    fundus: { pages: fundus.length, ...fundusScores },
    readabilityTests: { pages: rtests.length, ...rtestScores },
    confidenceBands: bands.map((b, i) => ({ below: BANDS[i], pages: b.n, meanF1: b.n ? b.f1 / b.n : null })),
    seconds: secs,
  };
  console.log(JSON.stringify(out, null, 2));
} else {
  console.log(`trafilatura-eval: ${pages.length} pages (snippet metric, summed over pages)`);
  console.log('system        TP     FP     FN   precision  recall     F1');
  for (const s of systems) {
    const c = total[s]!;
    const m = prf(c);
    console.log(`${s.padEnd(12)} ${String(c.tp).padStart(5)} ${String(c.fp).padStart(6)} ${String(c.fn).padStart(6)}   ${fmt(m.p)}    ${fmt(m.r)}   ${fmt(m.f1)}`);
  }
  console.log('\nper language (F1; P/R for ours)');
  console.log('lang      pages   ours_P  ours_R  ours_F1' + (withReadability ? '  read_F1' : ''));
  const langs = Object.keys(byLang).sort((a, b) => pageCounts[b]! - pageCounts[a]!);
  for (const l of langs) {
    const o = prf(byLang[l]!.ours!);
    const r = withReadability ? '  ' + fmt(prf(byLang[l]!.readability!).f1) : '';
    console.log(`${l.padEnd(9)} ${String(pageCounts[l]).padStart(5)}   ${fmt(o.p)}  ${fmt(o.r)}  ${fmt(o.f1)} ${r}`);
  }
  console.log(`\nfundus-dev: ${fundus.length} articles, body token P/R/F1 (mean over articles)`);
  for (const s of systems) {
    const f = fundusScores[s]!;
    console.log(`${s.padEnd(12)} P ${fmt(f.p)}  R ${fmt(f.r)}  F1 ${fmt(f.f1)}`);
  }
  console.log(`\nreadability-tests: ${rtests.length} pages, body token P/R/F1 (mean over pages; Readability.js's own suite)`);
  for (const s of systems) {
    const f = rtestScores[s]!;
    console.log(`${s.padEnd(12)} P ${fmt(f.p)}  R ${fmt(f.r)}  F1 ${fmt(f.f1)}`);
  }
  console.log('\nextraction confidence vs body F1 (fundus-dev + readability-tests, ours)');
  bands.forEach((b, i) => {
    const lo = i === 0 ? 0 : BANDS[i - 1]!;
    const hi = BANDS[i] === Infinity ? 1 : BANDS[i]!;
    console.log(`  confidence ${lo.toFixed(1)}-${hi.toFixed(1)}: ${String(b.n).padStart(4)} pages, mean F1 ${b.n ? fmt(b.f1 / b.n) : '-'}`);
  });
  console.log(`\n(${secs.toFixed(1)} s)`);
}
if (worst > 0) {
  perPage.sort((a, b) => b.c.fp + b.c.fn - (a.c.fp + a.c.fn));
  for (const p of perPage.slice(0, worst)) console.error(`FP ${p.c.fp} FN ${p.c.fn}  ${p.file}  ${p.url}`);
}
