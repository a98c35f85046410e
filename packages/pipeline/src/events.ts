import type { PipelineEvent } from '@ingest/contracts';

export type { PipelineEvent };

/**
 * The port the stages emit through; the webhooks package implements it and the runtime wires it,
 * so the pipeline never depends on how (or whether) events are delivered.
 */
export interface PipelineEvents {
  /** False while nobody subscribes: stages skip the extra reads an event needs. */
  active(): Promise<boolean>;
  emit(event: PipelineEvent): Promise<unknown>;
  /** Remembers which source a URL was fetched for, so its document events can be filtered per source. */
  noteSource(url: string, sourceId: string): Promise<void>;
}
