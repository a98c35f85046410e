import { articlePage, html, startFixtureServer, type FixtureHandler, type FixtureServer } from '@ingest/testing';

export interface PoliteSite {
  server: FixtureServer;
  host: string;
  /** Start time (ms) of every page request, robots.txt excluded. */
  starts: number[];
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
  const site = { starts: [] as number[], maxInFlight: 0 };
  let inFlight = 0;
  const slow =
    (body: () => string): FixtureHandler =>
    async (_req, res) => {
      site.starts.push(Date.now());
      inFlight++;
      site.maxInFlight = Math.max(site.maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, latencyMs));
      inFlight--;
      html(res, body());
    };
  const routes: Record<string, FixtureHandler> = {};
  const links = Array.from({ length: pages }, (_, i) => `/news/story-${i}.html`);
  routes['/'] = slow(() => `<!doctype html><html><head><title>${host} news</title></head><body><h1>News</h1><ul>${links.map((l) => `<li><a href="${l}">${l}</a></li>`).join('')}</ul></body></html>`);
  links.forEach((l, i) => (routes[l] = slow(() => articlePage(`Story ${i} from ${host}`, paragraphs(host, i)))));
  const server = await startFixtureServer(routes, host);
  return { server, host, get starts() { return site.starts; }, get maxInFlight() { return site.maxInFlight; }, articleUrls: links.map((l) => `${server.baseUrl}${l}`), startUrl: `${server.baseUrl}/` };
}

export function smallestGap(starts: number[]): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) min = Math.min(min, sorted[i]! - sorted[i - 1]!);
  return min;
}
