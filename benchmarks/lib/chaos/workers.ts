import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type WorkerService = 'fetcher' | 'extractor' | 'indexer';
export const WORKER_SERVICES: readonly WorkerService[] = ['fetcher', 'extractor', 'indexer'];

const mainOf = (name: WorkerService) => fileURLToPath(new URL(`../../../services/${name}/src/main.ts`, import.meta.url));

/**
 * One worker slot (a service process, as a container would run it). It is respawned whenever it
 * exits: after our SIGKILL, or on its own (counted as a crash: a dependency down at start-up
 * makes a service exit, which is how an orchestrator would see it too).
 */
export class WorkerSlot {
  readonly name: WorkerService;
  readonly label: string;
  private child: ChildProcess | null = null;
  private readonly env: Record<string, string>;
  private readonly log: WriteStream;
  private stopping = false;
  private killedByUs = false;
  private starting: Promise<void> | null = null;
  /** Exits we did not cause, with their code. */
  readonly crashes: { at: number; code: number | null; signal: string | null }[] = [];
  starts = 0;

  constructor(name: WorkerService, index: number, env: Record<string, string>, logDir: string) {
    this.name = name;
    this.label = `${name}-${index}`;
    this.env = env;
    this.log = createWriteStream(join(logDir, `${this.label}.log`), { flags: 'a' });
  }

  /** Resolves once the process logged its start line (metrics URL), retrying while it cannot start. */
  start(): Promise<void> {
    this.starting ??= this.startLoop().finally(() => (this.starting = null));
    return this.starting;
  }

  private async startLoop(): Promise<void> {
    while (!this.stopping) {
      if (await this.spawnOnce()) return;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  private spawnOnce(): Promise<boolean> {
    const child = spawn(process.execPath, [mainOf(this.name)], { env: { ...process.env, ...this.env, METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.starts++;
    let out = '';
    return new Promise<boolean>((resolve) => {
      let started = false;
      const onData = (d: Buffer) => {
        this.log.write(d);
        if (started) return;
        out += d.toString();
        if (/"metrics":"http:\/\//.test(out)) {
          started = true;
          out = '';
          resolve(true);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code, signal) => {
        this.log.write(`--- ${this.label} exited code=${code} signal=${signal}\n`);
        if (this.child === child) this.child = null;
        if (!started) return resolve(false);
        const ours = this.killedByUs;
        this.killedByUs = false;
        if (!ours && !this.stopping) this.crashes.push({ at: Date.now(), code, signal });
        if (!this.stopping) void this.start();
      });
    });
  }

  /** SIGKILL, as the kernel's OOM killer or a node failure would; the slot restarts it. */
  async kill(): Promise<boolean> {
    const child = this.child;
    if (!child || child.exitCode !== null) return false;
    this.killedByUs = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    return true;
  }

  killNow(): void {
    this.stopping = true;
    this.child?.kill('SIGKILL');
  }

  running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.starting === null;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise((r) => this.log.end(r));
  }
}
