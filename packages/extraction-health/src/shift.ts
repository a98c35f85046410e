import type { HostFigures } from './figures.ts';

export interface ShiftThresholds {
  /** Pages each generation needs before the two are compared. */
  minPages: number;
  /** Re-extracted pages that had an article before, needed to judge by them instead of the articles-found ratio. */
  minHadArticle: number;
  /** The share of those that still have one, at or below which the host lost its articles. */
  keptRatioFloor: number;
  /** Least fall of the articles-found ratio (absolute), and the standard errors it must also exceed. */
  articleRatioDrop: number;
  articleRatioZ: number;
  /** The current median body length below this share of the previous one. */
  bodyLengthFactor: number;
  /** Least fall of the median confidence (absolute). */
  confidenceDrop: number;
  /** Template blocks removed per page: the previous generation's floor, and the share of it the current one fell under. */
  templateBlocksFloor: number;
  templateBlocksFactor: number;
}

/**
 * Chosen from how the figures move between two samples of pages that did not change, measured by
 * `npm run bench:extraction-shift`: 2,000 pairs of disjoint random samples of N pages from a pool
 * of 1,113 real pages of about 1,000 hosts (trafilatura-eval and fundus-dev), each pair as two
 * crawls of one host. One host's pages are far more alike than that pool's, so these are upper
 * bounds of its noise.
 *  - median body length under half the previous: the noisiest figure. The pool's samples fall
 *    under half in 2.75 % of pairs at 20 pages, 0.70 % at 30, 0.45 % at 40 and never at 80. A
 *    teaser or caption taken for the article makes it fall by a factor 5 to 20, so half is kept
 *    and the sample is made big enough instead: hence minPages 30.
 *  - median confidence falling by 0.15: the pool's fall stays at or below 0.10 at 20 pages (one
 *    histogram bucket is 0.05), 0.05 at 30 (99.9th percentile); extraction that keeps the wrong
 *    block or a fragment loses the length, paragraph and metadata-agreement parts of the score.
 *  - articles kept: of the pages whose previous extraction had an article, 75 % or fewer still
 *    have one (judged from 20 such pages). It compares each page with itself, so it does not move
 *    with the mix of pages a recrawl extracts (unchanged pages are not extracted again, so a
 *    recrawl's generation is mostly front and section pages that changed, plus new articles). A
 *    page that keeps its template keeps its article when its text is edited; losing a quarter of
 *    them is a broken template: for a host that keeps 95 % by chance (soft 404s, pages turned
 *    into indexes), 20 pages lose 5 in 0.3 % of crawls.
 *  - articles-found ratio, only where fewer pages have a previous extraction (first crawls,
 *    feeds of new articles), falling by 0.25 and by 3 standard errors of the difference of two
 *    proportions: the pool has an article on every page, so it shows no noise here; the binomial
 *    error covers a host whose index and tag pages make its ratio 0.5-0.9 (at 30 pages each and a
 *    ratio near 0.7 the error is 0.12, so a fall of 0.36 is needed). A structure the extractor
 *    drops takes it from about 0.9 to near 0.
 *  - template blocks removed per page from at least 2 to under a quarter: the learned template no
 *    longer matches the pages (it is relearned only after 2,000 pages, so the new boilerplate
 *    stays in the bodies meanwhile). A first crawl's pages are partly extracted before the
 *    template is known, which makes a first generation's figure lower, never a false fall.
 */
export const SHIFT_THRESHOLDS: ShiftThresholds = {
  minPages: 30,
  minHadArticle: 20,
  keptRatioFloor: 0.75,
  articleRatioDrop: 0.25,
  articleRatioZ: 3,
  bodyLengthFactor: 0.5,
  confidenceDrop: 0.15,
  templateBlocksFloor: 2,
  templateBlocksFactor: 0.25,
};

export type ShiftReason = 'articles_lost' | 'articles_found_fell' | 'body_length_fell' | 'confidence_fell' | 'template_no_longer_matches';

export interface ShiftVerdict {
  /** Both generations have enough pages to compare. */
  compared: boolean;
  flagged: boolean;
  reasons: { code: ShiftReason; previous: number; current: number }[];
}

/** Standard error of the difference of two proportions (pooled), 0 when both are 0 or 1. */
function proportionGapError(a: HostFigures, b: HostFigures): number {
  const pooled = (a.articles + b.articles) / (a.pages + b.pages);
  return Math.sqrt(pooled * (1 - pooled) * (1 / a.pages + 1 / b.pages));
}

/** Whether a host's extraction moved sharply from its previous generation to the current one. */
export function detectShift(previous: HostFigures | null, current: HostFigures | null, t: ShiftThresholds = SHIFT_THRESHOLDS): ShiftVerdict {
  if (!previous || !current || previous.pages < t.minPages || current.pages < t.minPages) return { compared: false, flagged: false, reasons: [] };
  const reasons: ShiftVerdict['reasons'] = [];
  // Judged by the pages themselves where enough of them were extracted before; the ratio of the
  // whole generation moves with which pages changed since the previous crawl.
  const byPages = current.hadArticle >= t.minHadArticle;
  if (byPages && current.keptRatio <= t.keptRatioFloor) reasons.push({ code: 'articles_lost', previous: 1, current: current.keptRatio });
  const pr = previous.articles / previous.pages;
  const cr = current.articles / current.pages;
  const se = proportionGapError(previous, current);
  if (!byPages && pr - cr >= t.articleRatioDrop && (se === 0 || (pr - cr) / se >= t.articleRatioZ))
    reasons.push({ code: 'articles_found_fell', previous: previous.articleRatio, current: current.articleRatio });
  const pl = previous.medianBodyLength;
  const cl = current.medianBodyLength;
  if (pl !== null && pl > 0 && (cl ?? 0) < pl * t.bodyLengthFactor) reasons.push({ code: 'body_length_fell', previous: pl, current: cl ?? 0 });
  const pc = previous.medianConfidence;
  const cc = current.medianConfidence;
  if (pc !== null && pc - (cc ?? 0) >= t.confidenceDrop) reasons.push({ code: 'confidence_fell', previous: pc, current: cc ?? 0 });
  const pt = previous.templateBlocksPerPage;
  const ct = current.templateBlocksPerPage;
  if (pt >= t.templateBlocksFloor && ct < pt * t.templateBlocksFactor) reasons.push({ code: 'template_no_longer_matches', previous: pt, current: ct });
  return { compared: true, flagged: reasons.length > 0, reasons };
}
