// Extraction quality: Trafilatura's snippet metric on trafilatura-eval (overall and per language)
// and token-level body P/R/F1 on fundus-dev, for our extractor and Readability.js in one run.
// Usage: node benchmarks/extract-quality.ts [--limit N] [--json] [--worst N] [--no-readability]
import { extractArticle } from '../packages/extract/src/index.ts';
import { argValue, loadFundus, loadTrafilatura } from './lib/datasets.ts';
import { readabilityText } from './lib/readability.ts';
import { addCounts, pageLanguage, prf, snippetCounts, tokenPrf, type Counts } from './lib/score.ts';

const limit = Number(argValue('--limit') ?? Infinity);
const asJson = process.argv.includes('--json');
const worst = Number(argValue('--worst') ?? 0);
const withReadability = !process.argv.includes('--no-readability');

type Sys = 'ours' | 'readability';
const systems: Sys[] = withReadability ? ['ours', 'readability'] : ['ours'];
const run = (s: Sys, html: string, url: string): string => (s === 'ours' ? extractArticle(html, url).text : readabilityText(html));
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
    ((byLang[lang] ??= {})[s] ??= zero());
    addCounts(byLang[lang]![s]!, c);
    if (s === 'ours') perPage.push({ file: pg.file, url: pg.url, c });
  }
  pageCounts[lang] = (pageCounts[lang] ?? 0) + 1;
}

const fundus = loadFundus(limit);
const fundusScores: Record<string, { p: number; r: number; f1: number }> = {};
for (const s of systems) {
  let p = 0, r = 0, f1 = 0;
  for (const pg of fundus) {
    const x = tokenPrf(run(s, pg.html, pg.url), pg.body);
    p += x.p; r += x.r; f1 += x.f1;
  }
  const n = Math.max(1, fundus.length);
  fundusScores[s] = { p: p / n, r: r / n, f1: f1 / n };
}
const secs = (performance.now() - t0) / 1000;

const fmt = (x: number): string => x.toFixed(4);
if (asJson) {
  const out = {
    pages: pages.length,
    trafilatura: Object.fromEntries(systems.map((s) => [s, { ...total[s], ...prf(total[s]!) }])),
    languages: Object.fromEntries(Object.entries(byLang).map(([l, v]) => [l, { pages: pageCounts[l], ...Object.fromEntries(systems.map((s) => [s, prf(v[s]!)])) }])),
    fundus: { pages: fundus.length, ...fundusScores },
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
  console.log(`\n(${secs.toFixed(1)} s)`);
}
if (worst > 0) {
  perPage.sort((a, b) => b.c.fp + b.c.fn - (a.c.fp + a.c.fn));
  for (const p of perPage.slice(0, worst)) console.error(`FP ${p.c.fp} FN ${p.c.fn}  ${p.file}  ${p.url}`);
}
