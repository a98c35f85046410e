import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseMetricsText, type ParsedMetrics } from '@ingest/metrics';

export type ServiceName = 'api' | 'fetcher' | 'extractor' | 'indexer';

export interface ServiceProcess {
  name: ServiceName;
  pid: number;
  /** Everything the process wrote to stdout and stderr (pino JSON lines). */
  output(): string;
  metricsUrl: string;
  scrape(): Promise<ParsedMetrics>;
  scrapeText(): Promise<string>;
  stop(): Promise<void>;
}

const mainOf = (name: ServiceName) => fileURLToPath(new URL(`../../services/${name}/src/main.ts`, import.meta.url));

/**
 * Spawns `services/<name>/src/main.ts` as a separate process, as a container would run it, and
 * resolves once it logs its start line with the metrics URL (METRICS_PORT=0: a free port).
 */
export async function spawnService(name: ServiceName, env: Record<string, string>, timeoutMs = 120_000): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [mainOf(name)], {
    env: { ...process.env, ...env, METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const metricsUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /"metrics":"(http:\/\/[^"]+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before starting:\n${out}`));
    });
  });
  const scrapeText = async () => (await fetch(metricsUrl)).text();
  return {
    name,
    pid: child.pid!,
    output: () => out,
    metricsUrl,
    scrapeText,
    scrape: async () => parseMetricsText(await scrapeText()),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
