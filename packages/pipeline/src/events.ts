import type { WebhookEventType } from '@ingest/contracts';

/** Something that happened in the pipeline that operators subscribe to (webhooks). */
export interface PipelineEvent {
  type: WebhookEventType;
  /**
   * What the event is about, stable across retries (`doc:<id>:<digest>:<version>`,
   * `run:<source>:<run>`): a stage that runs twice emits one event, whatever its type says.
   */
  key: string;
  /** The source it belongs to when the emitter knows; otherwise resolved from `url` or `docId`. */
  sourceId?: string | null;
  url?: string;
  docId?: string;
  data: Record<string, unknown>;
}

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
