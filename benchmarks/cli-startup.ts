// How long the `ingest` command takes from spawn to exit: `--version`, `--help`, `help enqueue`,
// and `status` against a running stack, locally (Redis directly) and remotely (through the API).
// Each is run several times in fresh processes; the median is compared with a bare `node` start
// measured in the same run, so a loaded machine shows as a higher peer, not as a slower CLI.
// Targets (issue 12): --help and --version under 300 ms, status under 1 s.
//
//   npm run bench:cli [-- --runs 9 --json]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startIngestStack } from './lib/ingest-stack.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, json: { type: 'boolean' } } });
const runs = Math.max(3, Number(values.runs));
const BIN = fileURLToPath(new URL('../bin/ingest.js', import.meta.url));

function timeOnce(args: string[], env: Record<string, string>): number {
  const started = process.hrtime.bigint();
  // An empty value means "unset here" (the bench's own environment may have it).
  const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== ''));
  const r = spawnSync(process.execPath, args, { env: merged, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Row {
  name: string;
  medianMs: number;
  minMs: number;
  targetMs: number | null;
  vsNode: number;
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
const apiKey = randomBytes(16).toString('hex');
process.stderr.write(`starting a stack (redis-server, Meilisearch, s3rver, ingest start) in ${dataDir}\n`);
const stack = await startIngestStack(dataDir, { API_KEY: apiKey });
try {
  // As the operator's shell would have it: the key the stack was started with.
  const local = { INGEST_DATA_DIR: dataDir, INGEST_API_URL: '', INGEST_API_KEY: '', LOG_LEVEL: '', API_KEY: apiKey };
  const remote = { INGEST_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-cli-remote-')), INGEST_API_URL: stack.apiUrl, INGEST_API_KEY: apiKey, REDIS_URL: 'redis://127.0.0.1:9' };
  const cases: { name: string; args: string[]; env: Record<string, string>; targetMs: number | null }[] = [
    { name: 'node (peer: bare start)', args: ['-e', ''], env: {}, targetMs: null },
    { name: 'ingest --version', args: [BIN, '--version'], env: local, targetMs: 300 },
    { name: 'ingest --help', args: [BIN, '--help'], env: local, targetMs: 300 },
    { name: 'ingest help enqueue', args: [BIN, 'help', 'enqueue'], env: local, targetMs: 300 },
    { name: 'ingest status (local)', args: [BIN, 'status'], env: local, targetMs: 1000 },
    { name: 'ingest status (remote, --api)', args: [BIN, 'status'], env: remote, targetMs: 1000 },
  ];
  // One warm-up each: the first start reads the files from disk, the rest from the page cache.
  for (const c of cases) timeOnce(c.args, c.env);
  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  // Interleaved, so a burst of load on the shared machine hits every case alike.
  for (let i = 0; i < runs; i++) for (const c of cases) times.get(c.name)!.push(timeOnce(c.args, c.env));
  const nodeMs = median(times.get(cases[0]!.name)!);
  const rows: Row[] = cases.map((c) => {
    const t = times.get(c.name)!;
    return { name: c.name, medianMs: Math.round(median(t)), minMs: Math.round(Math.min(...t)), targetMs: c.targetMs, vsNode: Number((median(t) / nodeMs).toFixed(1)) };
  });
  if (values.json) console.log(JSON.stringify({ runs, loadavg: loadavg(), rows }, null, 2));
  else {
    console.log(`cli-startup: ${runs} runs each, load average ${loadavg()[0]!.toFixed(2)}`);
    for (const r of rows) {
      const verdict = r.targetMs === null ? '' : r.medianMs < r.targetMs ? `  target < ${r.targetMs} ms: ok` : `  target < ${r.targetMs} ms: MISSED`;
      console.log(`${r.name.padEnd(32)} median ${String(r.medianMs).padStart(5)} ms  min ${String(r.minMs).padStart(5)} ms  ${r.vsNode.toFixed(1).padStart(5)}x node${verdict}`);
    }
  }
  process.exitCode = rows.every((r) => r.targetMs === null || r.medianMs < r.targetMs) ? 0 : 1;
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
