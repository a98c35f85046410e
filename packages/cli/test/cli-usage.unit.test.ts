import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../src/index.ts';
import { ENQUEUE_HELP } from '../src/help.ts';
import { splitGlobalOptions } from '../src/options.ts';
import { parseDuration } from '../src/commands/sources.ts';
import { RateMeter, progressText } from '../src/commands/wait.ts';
import type { PipelineStatus } from '@ingest/ops';

// Nothing here reaches a stack: every case is refused (or answered) before a connection is opened,
// and the environment points at nothing that answers.
const env = { REDIS_URL: 'redis://127.0.0.1:9', INGEST_DATA_DIR: '/nonexistent/ingest-unit' };

async function run(argv: string[], extra: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { ...env, ...extra }, cwd: '/' };
  return { code: await main(argv, io), out, err };
}

describe('CLI usage', () => {
  it('`ingest help COMMAND` prints that command’s help, not the top-level one', async () => {
    const r = await run(['help', 'enqueue']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(ENQUEUE_HELP);
    expect((await run(['help'])).out).toContain('Usage: ingest');
    expect((await run(['help', 'bogus'])).code).toBe(2);
    expect((await run(['--version'])).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('answers unknown flags and missing values in its own words', async () => {
    const unknown = await run(['status', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe('error: ingest status has no option --colour. See the options with: ingest help status\n');
    const missing = await run(['wait', '--timeout']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--timeout needs a value');
    const extra = await run(['status', 'now']);
    expect(extra.err).toContain('ingest status takes no argument "now"');
    for (const r of [unknown, missing, extra]) expect(r.err).not.toMatch(/To specify a positional argument|ERR_PARSE_ARGS/);
  });

  it('wants a unit on --every and speaks in that unit', async () => {
    expect(() => parseDuration('5')).toThrow('--every 5 has no unit: write 5s, 5m, 5h or 5d');
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(() => parseDuration('0s')).toThrow('at least 1s');
    const r = await run(['sources', 'add', 'x', '--kind', 'url', '--every', '5', 'https://example.org/']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('write 5s, 5m, 5h or 5d');
    expect(r.err).not.toMatch(/ms\b|1000/);
  });

  it('takes --api and --key anywhere before --, and needs a key for an API', async () => {
    expect(splitGlobalOptions(['--api', 'http://h:1', 'status', '--key=k', '--json'], {})).toEqual({ argv: ['status', '--json'], env: { INGEST_API_URL: 'http://h:1', INGEST_API_KEY: 'k' } });
    expect(splitGlobalOptions(['extract', '--', '--api'], {}).argv).toEqual(['extract', '--', '--api']);
    const noKey = await run(['status'], { INGEST_API_URL: 'http://127.0.0.1:9' });
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('needs an API key');
    expect((await run(['--api'])).code).toBe(2);
  });
});

describe('wait progress', () => {
  const status = (paused: string[], fetchWaiting: number): PipelineStatus => ({
    queues: { discover: {}, fetch: { waiting: fetchWaiting }, extract: { active: 1 }, enrich: {}, index: {} },
    counters: {},
    recentFailures: [],
    idle: false,
    paused,
  });

  it('measures pages per second over a window and the time the queued pages take at that rate', () => {
    const m = new RateMeter(10_000);
    expect(m.rate()).toBeNull();
    m.add(0, 0);
    m.add(2_000, 10);
    expect(m.rate()).toBe(5);
    expect(m.etaSeconds(50)).toBe(10);
    expect(m.etaSeconds(0)).toBe(0);
    // Old samples leave the window, so a stall shows as a falling rate.
    m.add(20_000, 10);
    m.add(22_000, 10);
    expect(m.rate()).toBe(0);
    expect(m.etaSeconds(5)).toBeNull();
  });

  it('says which paused queue holds work and how to resume it', () => {
    const m = new RateMeter();
    expect(progressText(status(['fetch'], 3), {}, m)).toContain('PAUSED: fetch (ingest queues resume fetch)');
    expect(progressText(status(['fetch'], 0), {}, m)).not.toContain('PAUSED');
    expect(progressText(status([], 3), { 'index.done': 4 }, m)).toMatch(/^indexed 4 · skipped 0 · failed 0 · queued 4 · rate … · time left …$/);
  });
});
