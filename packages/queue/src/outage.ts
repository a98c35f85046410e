import type { Worker } from 'bullmq';
import type { Dependency } from '@ingest/errors';
import type { Logger } from '@ingest/logger';

export type DependencyProbe = (dependency: Dependency) => Promise<boolean>;

export interface OutageGateOptions {
  worker: () => Worker;
  probe?: DependencyProbe | undefined;
  /** Time between probes while a dependency is down. */
  probeIntervalMs: number;
  log: Logger;
  onStart?: (dependency: Dependency) => Promise<void>;
}

/**
 * Pauses one worker while a dependency (S3, Meilisearch, Redis) is down and resumes it by itself
 * once the dependency answers a probe again: fetching more jobs meanwhile would only bounce them.
 * Jobs already running finish or come back delayed; none is failed for the outage.
 */
export class OutageGate {
  private readonly options: OutageGateOptions;
  private down: Dependency | null = null;

  constructor(options: OutageGateOptions) {
    this.options = options;
  }

  get pausedFor(): Dependency | null {
    return this.down;
  }

  /** Called by every job that hit the outage; the first one starts the pause and the probe loop. */
  trip(dependency: Dependency): void {
    if (this.down !== null) return;
    this.down = dependency;
    void this.run(dependency);
  }

  private async run(dependency: Dependency): Promise<void> {
    const { log, probeIntervalMs } = this.options;
    const worker = this.options.worker();
    const started = Date.now();
    log.warn({ dependency, queue: worker.name }, 'dependency unavailable; pausing the stage until it answers');
    try {
      await this.options.onStart?.(dependency).catch(() => {});
      await worker.pause(true);
      for (;;) {
        await new Promise((r) => setTimeout(r, probeIntervalMs));
        if (worker.closing) return;
        const up = this.options.probe ? await this.options.probe(dependency).catch(() => false) : true;
        if (up) break;
      }
      log.info({ dependency, queue: worker.name, downMs: Date.now() - started }, 'dependency answers again; resuming the stage');
      await worker.resume();
    } finally {
      this.down = null;
    }
  }
}
