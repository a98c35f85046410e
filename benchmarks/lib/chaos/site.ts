import { articlePage, html, startFixtureServer, type FixtureHandler, type FixtureServer } from '../../../packages/testing/src/fixture-server.ts';

const WORDS = [
  'harbour',
  'council',
  'granite',
  'orchard',
  'railway',
  'library',
  'festival',
  'river',
  'bridge',
  'school',
  'market',
  'museum',
  'ferry',
  'forest',
  'tunnel',
  'stadium',
  'quarry',
  'airport',
  'theatre',
  'canal',
];

/** Distinct prose per page (numbers and word mix), so no dedupe step merges two pages. */
function paragraphs(host: string, i: number): string[] {
  const w = (k: number) => WORDS[(i * 7 + k * 3 + host.length) % WORDS.length];
  return [0, 1, 2].map(
    (p) =>
      `Report ${i} from ${host}, section ${p}: the ${w(p)} trust asked the ${w(p + 1)} office on day ${i * 3 + p} how the ${w(p + 2)} scheme and the ${w(p + 5)} survey would share ${1000 + i * 17 + p} pounds of the ${w(p + 7)} fund, and settled on ${10 + i + p} weeks of ${w(p + 9)} work.`,
  );
}

export interface ChaosSite {
  servers: FixtureServer[];
  urls: string[];
  close(): Promise<void>;
}

/** `pages` article pages spread over loopback hosts 127.0.0.2, .3, …; robots.txt answers 404. */
export async function startChaosSite(pages: number, hosts: number): Promise<ChaosSite> {
  const servers: FixtureServer[] = [];
  const urls: string[] = [];
  for (let h = 0; h < hosts; h++) {
    const host = `127.0.0.${2 + h}`;
    const routes: Record<string, FixtureHandler> = { '/robots.txt': (_q, r) => r.writeHead(404).end() };
    const mine: string[] = [];
    for (let i = h; i < pages; i += hosts) {
      const path = `/news/report-${i}.html`;
      routes[path] = (_q, r) => html(r, articlePage(`Report ${i} from ${host}`, paragraphs(host, i)));
      mine.push(path);
    }
    const server = await startFixtureServer(routes, host);
    servers.push(server);
    urls.push(...mine.map((p) => `${server.baseUrl}${p}`));
  }
  return { servers, urls, close: async () => void (await Promise.allSettled(servers.map((s) => s.close()))) };
}
