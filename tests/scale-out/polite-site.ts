import { articlePage, html, startFixtureServer, type FixtureHandler, type FixtureServer } from '@ingest/testing';

/** When a request was seen, and the earliest it can have arrived given this process's own stalls. */
export interface Arrival {
  at: number;
  earliest: number;
}

/**
 * The fixture servers share the test process's event loop; on a loaded machine it can stall for
 * hundreds of ms, and requests that arrived during a stall are all seen when it ends, which makes
 * gaps look shorter than they were. A 5 ms ticker tells how long the loop has been blocked, so each
 * request gets the earliest time it can have arrived.
 */
let lastTick = Date.now();
let ticker: NodeJS.Timeout | null = null;
function watchLoop(): void {
  ticker ??= setInterval(() => (lastTick = Date.now()), 5).unref();
}

export interface PoliteSite {
  server: FixtureServer;
  host: string;
  /** Start time (ms) of every page request, robots.txt excluded. */
  starts: number[];
  arrivals: Arrival[];
  /** When robots.txt was requested (it is fetched after the politeness slot is granted). */
  robotsAt: number[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  articleUrls: string[];
  startUrl: string;
}

const WORDS = ['harbour', 'council', 'granite', 'orchard', 'railway', 'library', 'festival', 'river', 'bridge', 'school', 'market', 'museum', 'ferry', 'forest', 'tunnel', 'stadium'];

/** Distinct prose per page, so neither teaser dedupe nor near-duplicate clustering merges them. */
function paragraphs(host: string, i: number): string[] {
  const w = (k: number) => WORDS[(i * 7 + k * 3 + host.length) % WORDS.length];
  return [0, 1, 2].map(
    (p) =>
      `Page ${i} on ${host}, part ${p}: the ${w(p)} committee met the ${w(p + 1)} board on day ${i * 3 + p} to settle how the ${w(p + 2)} project and the ${w(p + 5)} plan would share the ${w(p + 7)} budget, and agreed a timetable of ${10 + i + p} weeks for the ${w(p + 9)} works.`,
  );
}

/**
 * A small site on one loopback address (127.0.0.2, .3 …): an index linking to `pages` articles.
 * Each page answers after `latencyMs`, so concurrency is visible; request starts are recorded to
 * check the per-host delay and concurrency limits.
 */
export async function startPoliteSite(host: string, pages: number, latencyMs: number): Promise<PoliteSite> {
  watchLoop();
  const site = { starts: [] as number[], arrivals: [] as Arrival[], robotsAt: [] as number[], maxInFlight: 0 };
  let inFlight = 0;
  const slow =
    (body: () => string): FixtureHandler =>
    async (_req, res) => {
      const now = Date.now();
      site.starts.push(now);
      // Ticks come every 5 ms; an older tick means the loop was blocked since then.
      site.arrivals.push({ at: now, earliest: now - lastTick > 20 ? lastTick : now });
      inFlight++;
      site.maxInFlight = Math.max(site.maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, latencyMs));
      inFlight--;
      html(res, body());
    };
  const routes: Record<string, FixtureHandler> = {
    '/robots.txt': (_req, res) => {
      site.robotsAt.push(Date.now());
      res.writeHead(404).end();
    },
  };
  const links = Array.from({ length: pages }, (_, i) => `/news/story-${i}.html`);
  routes['/'] = slow(() => `<!doctype html><html><head><title>${host} news</title></head><body><h1>News</h1><ul>${links.map((l) => `<li><a href="${l}">${l}</a></li>`).join('')}</ul></body></html>`);
  links.forEach((l, i) => (routes[l] = slow(() => articlePage(`Story ${i} from ${host}`, paragraphs(host, i)))));
  const server = await startFixtureServer(routes, host);
  return {
    server,
    host,
    get starts() {
      return site.starts;
    },
    get arrivals() {
      return site.arrivals;
    },
    get robotsAt() {
      return site.robotsAt;
    },
    get maxInFlight() {
      return site.maxInFlight;
    },
    articleUrls: links.map((l) => `${server.baseUrl}${l}`),
    startUrl: `${server.baseUrl}/`,
  };
}

export function smallestGap(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) min = Math.min(min, sorted[i]! - sorted[i - 1]!);
  return min;
}

/**
 * The largest the smallest gap can have been: for consecutive requests A, B the true gap is at most
 * B.at - A.earliest. Politeness is only disproved when even this bound is below the delay.
 */
export function smallestGapUpperBound(arrivals: Arrival[]): number {
  const sorted = [...arrivals].sort((a, b) => a.at - b.at);
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) min = Math.min(min, sorted[i]!.at - sorted[i - 1]!.earliest);
  return min;
}

/** Index (in start order) of the request that came closest after its predecessor. */
export function smallestGapIndex(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let best = 1;
  for (let i = 2; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! < sorted[best]! - sorted[best - 1]!) best = i;
  return best;
}
