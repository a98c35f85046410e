/** What one extracted page adds to its host's figures. */
export interface PageObservation {
  url: string;
  /** The page became a document (it has an article). */
  article: boolean;
  /** Characters of the extracted body (0 without an article). */
  bodyLength: number;
  /** The extractor's confidence, 0..1 (0 without an article). */
  confidence: number;
  /** Blocks the host's learned template removed from this page. */
  templateBlocksRemoved: number;
  /** Whether the page's previous extraction found an article (absent: first extraction). */
  hadArticle?: boolean;
}

/** A page kept as an example of an extraction that looks broken. */
export interface BrokenExample {
  url: string;
  reason: 'no_article' | 'low_confidence';
  bodyLength: number;
  confidence: number;
}

/** One host's extraction over one generation (a source run, a crawl, or a UTC day for pages outside both). */
export interface HostFigures {
  generation: string;
  /** When the generation's first pages were fetched (ISO); a page fetched before it cannot start a new generation. */
  since: string | null;
  /** Pages extracted (a page unchanged since its last fetch is not extracted again and does not count). */
  pages: number;
  /** Pages that became a document; the rest had no article. */
  articles: number;
  articleRatio: number;
  /** Pages whose previous extraction found an article, and how many of them still have one. */
  hadArticle: number;
  stillArticle: number;
  /** stillArticle / hadArticle (1 without such pages): unlike articleRatio it does not move with the mix of pages a recrawl extracts. */
  keptRatio: number;
  /** Pages with no article or an article below LOW_CONFIDENCE. */
  broken: number;
  /** Over the pages with an article, estimated from a histogram (within about 9 %). */
  medianBodyLength: number | null;
  /** Over the pages with an article, estimated from a histogram (within 0.025). */
  medianConfidence: number | null;
  templateBlocksRemoved: number;
  templateBlocksPerPage: number;
  examples: BrokenExample[];
}

/**
 * Below this confidence an article is counted as broken and can be an example. In bench:quality
 * pages under 0.5 have a mean body F1 far below the pages above it: most of them are index pages,
 * teasers or the wrong block.
 */
export const LOW_CONFIDENCE = 0.5;

/** Examples kept per host and generation. */
export const EXAMPLE_SLOTS = 5;

// Body lengths vary over orders of magnitude: four buckets per octave keep a host's histogram to a
// few dozen fields whatever it crawls, and put an estimate within 2^(1/8) (9 %) of the true median.
const LENGTH_BUCKETS_PER_OCTAVE = 4;
const CONFIDENCE_BUCKETS = 20;

export function lengthBucket(length: number): number {
  return length < 1 ? 0 : 1 + Math.floor(Math.log2(length) * LENGTH_BUCKETS_PER_OCTAVE);
}

function lengthOfBucket(bucket: number): number {
  return bucket === 0 ? 0 : Math.round(2 ** ((bucket - 1 + 0.5) / LENGTH_BUCKETS_PER_OCTAVE));
}

export function confidenceBucket(confidence: number): number {
  return Math.min(CONFIDENCE_BUCKETS - 1, Math.max(0, Math.floor(confidence * CONFIDENCE_BUCKETS)));
}

function confidenceOfBucket(bucket: number): number {
  return Math.round(((bucket + 0.5) / CONFIDENCE_BUCKETS) * 1000) / 1000;
}

/** Hash fields of a generation: counters, then `l<bucket>`/`c<bucket>` histograms, `x<slot>` examples. */
export const FIELD = { pages: 'pages', articles: 'articles', broken: 'broken', template: 'tpl', hadArticle: 'had', stillArticle: 'kept', generation: 'gen', since: 'since' } as const;

export function isBroken(page: PageObservation): BrokenExample['reason'] | null {
  if (!page.article) return 'no_article';
  return page.confidence < LOW_CONFIDENCE ? 'low_confidence' : null;
}

/** The hash increments one page makes (summed in memory before they reach Redis). */
export function pageIncrements(page: PageObservation): [string, number][] {
  const out: [string, number][] = [[FIELD.pages, 1]];
  if (page.templateBlocksRemoved > 0) out.push([FIELD.template, page.templateBlocksRemoved]);
  if (isBroken(page)) out.push([FIELD.broken, 1]);
  if (page.hadArticle) out.push([FIELD.hadArticle, 1], ...(page.article ? [[FIELD.stillArticle, 1] as [string, number]] : []));
  if (page.article) {
    out.push([FIELD.articles, 1], [`l${lengthBucket(page.bodyLength)}`, 1], [`c${confidenceBucket(page.confidence)}`, 1]);
  }
  return out;
}

function median(histogram: Map<number, number>, valueOf: (bucket: number) => number): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const bucket of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(bucket)!;
    if (seen * 2 >= total) return valueOf(bucket);
  }
  return null;
}

/** Figures from a generation's hash (HGETALL); null when the hash is empty. */
export function decodeFigures(hash: Record<string, string>): HostFigures | null {
  const generation = hash[FIELD.generation];
  if (!generation) return null;
  const num = (f: string) => Number(hash[f] ?? 0);
  const lengths = new Map<number, number>();
  const confidences = new Map<number, number>();
  const examples: BrokenExample[] = [];
  for (const [field, value] of Object.entries(hash)) {
    const m = /^([lcx])(\d+)$/.exec(field);
    if (!m) continue;
    if (m[1] === 'l') lengths.set(Number(m[2]), Number(value));
    else if (m[1] === 'c') confidences.set(Number(m[2]), Number(value));
    else {
      try {
        examples.push(JSON.parse(value) as BrokenExample);
      } catch {
        // A damaged example is only an example: the figures stand without it.
      }
    }
  }
  const pages = num(FIELD.pages);
  const articles = num(FIELD.articles);
  const template = num(FIELD.template);
  const since = hash[FIELD.since] ? new Date(Number(hash[FIELD.since])).toISOString() : null;
  return {
    generation,
    since,
    pages,
    articles,
    articleRatio: pages > 0 ? round(articles / pages) : 0,
    hadArticle: num(FIELD.hadArticle),
    stillArticle: num(FIELD.stillArticle),
    keptRatio: num(FIELD.hadArticle) > 0 ? round(num(FIELD.stillArticle) / num(FIELD.hadArticle)) : 1,
    broken: num(FIELD.broken),
    medianBodyLength: median(lengths, lengthOfBucket),
    medianConfidence: median(confidences, confidenceOfBucket),
    templateBlocksRemoved: template,
    templateBlocksPerPage: pages > 0 ? round(template / pages) : 0,
    examples: examples.sort((a, b) => a.url.localeCompare(b.url)),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
