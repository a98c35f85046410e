import type { FetchResponse } from '@ingest/fetch';

/** Port over the HTTP client so the stage stays testable; the real adapter adds politeness and robots. */
export interface PageFetcher {
  fetch(url: string, signal?: AbortSignal): Promise<FetchResponse>;
  close(): Promise<void>;
}
