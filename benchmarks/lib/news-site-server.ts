// Child-process entry: serves the generated news site (news-site.ts) on one loopback address per
// host, and a control endpoint on 127.0.0.1 with request counts and start times per host. Runs
// apart from the crawlers so that their CPU use cannot stall it (and its work is not billed to them).
//   node news-site-server.ts '{"pages":3000,"hosts":12,"latencyMs":0}'
// prints one line `READY {"hosts":[{"address","base"}...],"control":URL}` on stdout.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { planSite, renderPath } from './news-site.ts';

export interface HostStats {
  address: string;
  /** 200 answers with an HTML page (robots.txt excluded). */
  pages: number;
  notFound: number;
  robots: number;
  /** performance.timeOrigin-relative ms of each page request start. */
  starts: number[];
  /** 1 where this process's event loop had stalled just before: that start time is late. */
  late: number[];
  maxInFlight: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as { pages?: number; hosts?: number; latencyMs?: number; firstOctet?: number };
const plan = planSite(options.pages ?? 3000, options.hosts ?? 12, options.firstOctet ?? 2);
const latency = options.latencyMs ?? 0;
const stats: HostStats[] = plan.hosts.map((h) => ({ address: h.address, pages: 0, notFound: 0, robots: 0, starts: [], late: [], maxInFlight: 0 }));
// A 5 ms ticker tells when the loop was blocked (CPU contention): requests seen right after a stall
// arrived earlier than their timestamp says, so gaps measured from them prove nothing.
let lastTick = Date.now();
setInterval(() => (lastTick = Date.now()), 5).unref();
const servers: Server[] = [];
const hosts: { address: string; base: string }[] = [];

for (const host of plan.hosts) {
  const st = stats[host.index]!;
  let inFlight = 0;
  let base = '';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/robots.txt') {
      st.robots++;
      return res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    }
    const start = Date.now();
    const late = start - lastTick > 25 ? 1 : 0;
    inFlight++;
    st.maxInFlight = Math.max(st.maxInFlight, inFlight);
    const answer = () => {
      inFlight--;
      const html = renderPath(host, path, base);
      if (html === null) {
        st.notFound++;
        return res.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>Not found</title><p>Not found</p>');
      }
      st.pages++;
      st.starts.push(start);
      st.late.push(late);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'max-age=60' }).end(html);
    };
    if (latency > 0) setTimeout(answer, latency);
    else answer();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host.address, resolve);
  });
  base = `http://${host.address}:${(server.address() as AddressInfo).port}`;
  servers.push(server);
  hosts.push({ address: host.address, base });
}

const control = createServer((req, res) => {
  if (req.url === '/reset') stats.forEach((s) => Object.assign(s, { pages: 0, notFound: 0, robots: 0, starts: [], late: [], maxInFlight: 0 }));
  const summary = req.url === '/summary';
  // The summary leaves out the start times (large for big runs) and gives the total only.
  const body = summary ? { pages: stats.reduce((a, s) => a + s.pages, 0), notFound: stats.reduce((a, s) => a + s.notFound, 0) } : stats;
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
process.stdout.write(`READY ${JSON.stringify({ hosts, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}`, totalPages: plan.totalPages, totalArticles: plan.totalArticles })}\n`);

// The parent closes our stdin when it is done (or dies): exit then, whatever happened to it.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
