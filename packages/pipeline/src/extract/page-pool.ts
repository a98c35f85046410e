import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '@ingest/config';
import { ERROR_CODES, IngestError, PermanentError, type ErrorCode } from '@ingest/errors';
import type { PageInput, SerializedError, WorkerReply, WorkerTask } from './page-messages.ts';
import { reviveDerived } from './derive.ts';
import type { ProcessResult } from './process-html.ts';

export type { PageInput } from './page-messages.ts';

export interface PagePoolOptions {
  /** Threads, i.e. pages processed at once. */
  size: number;
  /** Wall-clock time one page may take in its thread (decode + parse + metadata + extract). */
  pageBudgetMs: number;
  /** V8 old-generation limit of each thread; a page needing more kills only its thread. */
  maxMemoryMb: number;
  /**
   * Threads also enrich the text and sign it for near-duplicate clustering (derive.ts). Default: when
   * the heap limit leaves room for the language models (about 65 MB), i.e. at least DERIVE_MIN_MEMORY_MB.
   */
  derive?: boolean;
}

interface Task {
  id: number;
  input: PageInput;
  resolve: (r: ProcessResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  /** Set once the thread is being replaced: its late events are ignored. */
  retired: boolean;
}

const WORKER_URL = new URL('./page-worker.ts', import.meta.url);
export const DERIVE_MIN_MEMORY_MB = 160;

function budgetError(input: PageInput, reason: 'time' | 'memory' | 'stack', limits: PagePoolOptions, cause?: unknown): PermanentError {
  const what =
    reason === 'time'
      ? `took longer than ${limits.pageBudgetMs} ms (EXTRACT_PAGE_BUDGET_MS)`
      : reason === 'memory'
        ? `needed more than ${limits.maxMemoryMb} MB (EXTRACT_PAGE_MAX_MEMORY_MB)`
        : 'nests too deeply to walk';
  return new PermanentError('PAGE_BUDGET_EXCEEDED', `Extracting ${input.finalUrl} (${input.body.byteLength} bytes) ${what}; its thread was stopped`, {
    cause,
    details: { url: input.finalUrl, bytes: input.body.byteLength, reason, pageBudgetMs: limits.pageBudgetMs, maxMemoryMb: limits.maxMemoryMb },
  });
}

function revive(e: SerializedError): Error {
  if (e.code && e.code in ERROR_CODES) {
    const err = new IngestError(e.code as ErrorCode, e.message, { ...(e.details ? { details: e.details } : {}), ...(e.permanent === undefined ? {} : { permanent: e.permanent }) });
    err.stack = e.stack;
    return err;
  }
  const err = new Error(e.message);
  err.name = e.name;
  err.stack = e.stack;
  return err;
}

/**
 * A few worker threads that run processHtml with a hard budget per page. The parse of a hostile
 * page (unclosed nesting, huge tables) is synchronous and cannot yield, so the only way to bound
 * it is a thread that can be terminated: past its deadline or memory limit the thread is
 * replaced and the page fails with PAGE_BUDGET_EXCEEDED, while the main event loop (job locks,
 * other jobs) never waits on it.
 */
export class PagePool {
  readonly options: PagePoolOptions;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;
  #onReady: (() => void)[] = [];
  /** Threads started so far (replacements included), for tests and metrics. */
  threadsStarted = 0;

  constructor(options: PagePoolOptions) {
    if (options.size < 1) throw new RangeError('PagePool size must be at least 1');
    this.options = options;
  }

  static fromConfig(config: Config): PagePool {
    return new PagePool({
      // The CPU-bound part gets one thread per core; the jobs around it wait on I/O, so they are more.
      size: config.extractPoolSize > 0 ? config.extractPoolSize : Math.min(config.extractConcurrency, availableParallelism()),
      pageBudgetMs: config.extractPageBudgetMs,
      maxMemoryMb: config.extractPageMaxMemoryMb,
    });
  }

  run(input: PageInput): Promise<ProcessResult> {
    if (this.#closed) return Promise.reject(new Error('PagePool is closed'));
    return new Promise<ProcessResult>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, input, resolve, reject });
      this.#pump();
    });
  }

  /** Starts every thread now (a thread takes about a second to load its modules) and waits for them. */
  async warmUp(): Promise<void> {
    while (this.#slots.length < this.options.size) this.#spawn();
    while (!this.#closed && this.#slots.some((s) => !s.ready)) await new Promise<void>((resolve) => this.#onReady.push(resolve));
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of this.#onReady.splice(0)) wake();
    for (const t of this.#queue.splice(0)) t.reject(new Error('PagePool closed before the page ran'));
    const slots = this.#slots.splice(0);
    await Promise.all(
      slots.map(async (s) => {
        s.retired = true;
        if (s.timer) clearTimeout(s.timer);
        s.task?.reject(new Error('PagePool closed while the page ran'));
        await s.worker.terminate();
      }),
    );
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      const idle = this.#slots.find((s) => s.ready && !s.task);
      if (idle) {
        this.#dispatch(idle, this.#queue.shift()!);
        continue;
      }
      // Threads start on demand; a starting one takes the next task when it reports ready.
      const starting = this.#slots.filter((s) => !s.ready).length;
      if (this.#slots.length < this.options.size && starting < this.#queue.length) this.#spawn();
      else break;
    }
  }

  #spawn(): void {
    const worker = new Worker(WORKER_URL, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxMemoryMb },
      workerData: { derive: this.options.derive ?? this.options.maxMemoryMb >= DERIVE_MIN_MEMORY_MB },
    });
    // An idle pool must not keep the process alive; a running page keeps it alive through its timer.
    worker.unref();
    this.threadsStarted++;
    const slot: Slot = { worker, ready: false, task: null, timer: null, retired: false };
    this.#slots.push(slot);
    worker.on('message', (msg: WorkerReply) => this.#onMessage(slot, msg));
    worker.on('error', (err) => this.#onFailure(slot, err));
    worker.on('exit', (code) => this.#onFailure(slot, new Error(`page worker exited with code ${code}`)));
  }

  #dispatch(slot: Slot, task: Task): void {
    slot.task = task;
    const { body, ...rest } = task.input;
    // One copy into a buffer of our own, transferred (not cloned) to the thread: the caller keeps
    // its body (the template re-run needs it) and the pooled Buffer allocator is never detached.
    const copy = new Uint8Array(body.byteLength);
    copy.set(body);
    const message: WorkerTask = { id: task.id, input: { ...rest, body: copy } };
    slot.worker.postMessage(message, [copy.buffer]);
    slot.timer = setTimeout(() => this.#retire(slot, budgetError(task.input, 'time', this.options)), this.options.pageBudgetMs);
  }

  #onMessage(slot: Slot, msg: WorkerReply): void {
    if (slot.retired) return;
    if (msg.type === 'ready') {
      slot.ready = true;
      for (const wake of this.#onReady.splice(0)) wake();
      this.#pump();
      return;
    }
    const task = slot.task;
    if (!task || task.id !== msg.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    if (msg.type === 'done') task.resolve({ ...msg.result, derived: reviveDerived(msg.result.derived) });
    else if (msg.error.name === 'RangeError' && /call stack/i.test(msg.error.message)) task.reject(budgetError(task.input, 'stack', this.options, revive(msg.error)));
    else task.reject(revive(msg.error));
    this.#pump();
  }

  #onFailure(slot: Slot, err: Error): void {
    if (slot.retired) return;
    const oom = (err as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
    const task = slot.task;
    if (task) this.#retire(slot, oom ? budgetError(task.input, 'memory', this.options, err) : err);
    else {
      // Died before or between pages (e.g. a module failed to load): fail one waiting page rather
      // than respawning forever, and let the next page try a fresh thread.
      const waiting = slot.ready ? undefined : this.#queue.shift();
      waiting?.reject(err);
      this.#retire(slot, null);
    }
  }

  /** Stops a thread for good, fails its page with `err`, and lets a fresh thread take its place. */
  #retire(slot: Slot, err: Error | null): void {
    slot.retired = true;
    if (slot.timer) clearTimeout(slot.timer);
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    const task = slot.task;
    slot.task = null;
    void slot.worker.terminate().catch(() => undefined);
    if (task && err) task.reject(err);
    if (this.#closed) return;
    // A page that killed its thread does not also cost the next page a thread start-up.
    if (task && err) this.#spawn();
    for (const wake of this.#onReady.splice(0)) wake();
    this.#pump();
  }
}

/** processHtml with the pool's budget: resolves as processHtml would, or fails with PAGE_BUDGET_EXCEEDED. */
export function processHtmlInPool(pool: PagePool, input: PageInput): Promise<ProcessResult> {
  return pool.run(input);
}
