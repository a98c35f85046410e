import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@ingest/logger';
import type { PipelineMetrics } from '@ingest/metrics';

export interface OpsServer {
  /** `http://host:port`, or null when the port could not be bound. */
  url: string | null;
  close(): Promise<void>;
}

export interface OpsServerOptions {
  host: string;
  port: number;
  metrics: PipelineMetrics;
  log: Logger;
  /** Named readiness checks (Redis answers, workers running); all must pass for /readyz to be 200. */
  readiness: () => Promise<Record<string, boolean>>;
}

/**
 * Each service's own small HTTP server for Prometheus and the orchestrator's probes: /metrics,
 * /healthz (the process answers) and /readyz (its dependencies answer and its workers run).
 * Plain node:http, so a worker service carries no web framework.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const { metrics, log } = options;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const reply = (status: number, type: string, body: string) => res.writeHead(status, { 'content-type': type }).end(body);
    const handle = async () => {
      if (req.method !== 'GET') return reply(405, 'text/plain', 'GET only\n');
      if (path === '/metrics') return reply(200, metrics.contentType, await metrics.text());
      if (path === '/healthz') return reply(200, 'application/json', '{"ok":true}');
      if (path === '/readyz') {
        const checks = await options.readiness().catch(() => ({ checks: false }));
        return reply(Object.values(checks).every(Boolean) ? 200 : 503, 'application/json', JSON.stringify(checks));
      }
      return reply(404, 'text/plain', 'Not found. Try /metrics, /healthz or /readyz.\n');
    };
    handle().catch((err: unknown) => {
      log.error({ err, path }, 'ops endpoint failed');
      if (!res.headersSent) reply(500, 'text/plain', 'internal error\n');
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    // A taken port must not take the worker down with it: it keeps processing jobs, and the
    // missing scrape target (and failing probes) make the problem visible.
    log.error({ err, port: options.port }, 'metrics server could not listen; set METRICS_PORT to a free port');
    return { url: null, close: async () => {} };
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
