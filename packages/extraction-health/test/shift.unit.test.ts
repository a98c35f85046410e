import { describe, expect, it } from 'vitest';
import { decodeFigures, detectShift, FIELD, pageIncrements, SHIFT_THRESHOLDS, type HostFigures, type PageObservation } from '../src/index.ts';

const article = (i: number, length = 3000, confidence = 0.9): PageObservation => ({ url: `https://a.example/${i}`, article: true, bodyLength: length, confidence, templateBlocksRemoved: 6 });
const none = (i: number): PageObservation => ({ url: `https://a.example/n${i}`, article: false, bodyLength: 0, confidence: 0, templateBlocksRemoved: 6 });

function figures(pages: PageObservation[], generation = 'g'): HostFigures {
  const hash: Record<string, string> = { [FIELD.generation]: generation };
  for (const p of pages) for (const [f, by] of pageIncrements(p)) hash[f] = String(Number(hash[f] ?? 0) + by);
  return decodeFigures(hash)!;
}

const many = (n: number, make: (i: number) => PageObservation) => Array.from({ length: n }, (_, i) => make(i));
const healthy = figures(many(40, (i) => article(i, 2000 + 50 * i)));

describe('host figures from their histogram fields', () => {
  it('estimates medians within a bucket and counts articles, broken pages and template blocks', () => {
    const f = figures([...many(30, (i) => article(i, 1000 + 100 * i, 0.6 + i / 100)), ...many(10, none)]);
    expect(f.pages).toBe(40);
    expect(f.articles).toBe(30);
    expect(f.articleRatio).toBe(0.75);
    expect(f.broken).toBe(10);
    // the true median of 1000..3900 is 2450; a bucket is 2^(1/4) wide
    expect(f.medianBodyLength! / 2450).toBeGreaterThan(0.91);
    expect(f.medianBodyLength! / 2450).toBeLessThan(1.1);
    expect(Math.abs(f.medianConfidence! - 0.745)).toBeLessThanOrEqual(0.025);
    expect(f.templateBlocksPerPage).toBe(6);
  });

  it('has no medians without an article', () => {
    const f = figures(many(5, none));
    expect(f.medianBodyLength).toBeNull();
    expect(f.medianConfidence).toBeNull();
  });

  it('counts a low-confidence article as broken but not a confident one', () => {
    expect(figures([article(1, 3000, 0.3), article(2, 3000, 0.8)]).broken).toBe(1);
  });
});

describe('detectShift', () => {
  it('does not compare generations below the minimum of pages', () => {
    const broken = figures(many(SHIFT_THRESHOLDS.minPages - 1, none));
    expect(detectShift(healthy, broken)).toEqual({ compared: false, flagged: false, reasons: [] });
    expect(detectShift(null, healthy).compared).toBe(false);
  });

  it('does not flag a host whose figures stay within their noise', () => {
    const again = figures([...many(36, (i) => article(i, 1700 + 60 * i, 0.85)), ...many(4, none)]);
    expect(detectShift(healthy, again)).toMatchObject({ compared: true, flagged: false });
  });

  it('flags articles found falling sharply', () => {
    const v = detectShift(healthy, figures([...many(10, (i) => article(i)), ...many(30, none)]));
    expect(v.flagged).toBe(true);
    expect(v.reasons.map((r) => r.code)).toContain('articles_found_fell');
    expect(v.reasons.find((r) => r.code === 'articles_found_fell')).toMatchObject({ previous: 1, current: 0.25 });
  });

  it('needs more than a 0.25 fall of the ratio when the ratios are noisy at this sample size', () => {
    // 0.7 -> 0.43 at 30 pages each is a 0.27 fall but only ~2 standard errors
    const prev = figures([...many(21, (i) => article(i)), ...many(9, none)]);
    const cur = figures([...many(13, (i) => article(i)), ...many(17, none)]);
    expect(detectShift(prev, cur).reasons.map((r) => r.code)).not.toContain('articles_found_fell');
    // the same ratios over 200 pages each are far outside the noise
    const prevBig = figures([...many(140, (i) => article(i)), ...many(60, none)]);
    const curBig = figures([...many(86, (i) => article(i)), ...many(114, none)]);
    expect(detectShift(prevBig, curBig).reasons.map((r) => r.code)).toContain('articles_found_fell');
  });

  it('flags the median body length falling under half', () => {
    const v = detectShift(healthy, figures(many(40, (i) => article(i, 600 + 10 * i, 0.85))));
    expect(v.reasons.map((r) => r.code)).toEqual(['body_length_fell']);
    expect(detectShift(healthy, figures(many(40, (i) => article(i, 1400 + 30 * i, 0.85)))).flagged).toBe(false);
  });

  it('flags the median confidence falling by 0.15 or more, not by less', () => {
    expect(detectShift(healthy, figures(many(40, (i) => article(i, 2000 + 50 * i, 0.7)))).reasons.map((r) => r.code)).toEqual(['confidence_fell']);
    expect(detectShift(healthy, figures(many(40, (i) => article(i, 2000 + 50 * i, 0.8)))).flagged).toBe(false);
  });

  it('flags a learned template that no longer matches the pages', () => {
    const stale = figures(many(40, (i) => ({ ...article(i, 2000 + 50 * i), templateBlocksRemoved: 1 })));
    expect(detectShift(healthy, stale).reasons).toEqual([{ code: 'template_no_longer_matches', previous: 6, current: 1 }]);
    // a host with hardly any template removed has nothing to lose
    const little = figures(many(40, (i) => ({ ...article(i, 2000 + 50 * i), templateBlocksRemoved: 1 })));
    expect(detectShift(little, figures(many(40, (i) => ({ ...article(i, 2000 + 50 * i), templateBlocksRemoved: 0 })))).flagged).toBe(false);
  });

  it('judges a recrawl by the pages that had an article, not by its mix of pages', () => {
    // A recrawl re-extracts what changed: mostly front and section pages (no article), and 25
    // edited articles that keep theirs. The articles-found ratio falls from 1 to 0.38; nothing broke.
    const recrawl = figures([...many(25, (i) => ({ ...article(i, 2000 + 50 * i), hadArticle: true })), ...many(40, (i) => ({ ...none(i), hadArticle: false }))]);
    expect(recrawl.articleRatio).toBeLessThan(0.4);
    expect(recrawl.keptRatio).toBe(1);
    expect(detectShift(healthy, recrawl)).toMatchObject({ compared: true, flagged: false });
    // the same recrawl after a redesign: the edited articles lost theirs
    const broken = figures([...many(25, (i) => ({ ...none(i), hadArticle: true })), ...many(40, (i) => ({ ...none(i + 100), hadArticle: false }))]);
    expect(detectShift(healthy, broken).reasons).toContainEqual({ code: 'articles_lost', previous: 1, current: 0 });
  });

  it('flags articles lost from a quarter of the pages that had one, from 20 such pages on', () => {
    const lost = (n: number, lostOf: number) =>
      figures([
        ...many(n - lostOf, (i) => ({ ...article(i, 2000 + 50 * i), hadArticle: true })),
        ...many(lostOf, (i) => ({ ...none(i), hadArticle: true })),
        ...many(30, (i) => article(i + 200, 2000 + 50 * i)),
      ]);
    expect(detectShift(healthy, lost(20, 5)).reasons.map((r) => r.code)).toContain('articles_lost');
    expect(detectShift(healthy, lost(20, 4)).reasons.map((r) => r.code)).not.toContain('articles_lost');
    // 19 such pages are too few to judge by; the whole generation's ratio is judged instead
    expect(detectShift(healthy, lost(19, 19)).reasons.map((r) => r.code)).not.toContain('articles_lost');
  });

  it('flags every figure at once when the article disappears', () => {
    const v = detectShift(healthy, figures(many(40, none)));
    expect(v.reasons.map((r) => r.code).sort()).toEqual(['articles_found_fell', 'body_length_fell', 'confidence_fell']);
  });

  it('does not flag figures that improve', () => {
    expect(detectShift(figures([...many(20, (i) => article(i, 500, 0.5)), ...many(20, none)]), healthy).flagged).toBe(false);
  });
});
