import type { ProcessInput, ProcessResult } from './process-html.ts';

/** What the pool accepts: plain data only (the template as fingerprints, not a predicate). */
export type PageInput = Omit<ProcessInput, 'isBoilerplate'>;

export interface WorkerTask {
  id: number;
  /** The body travels as a transferred copy: one copy on the way in, none on the way over. */
  input: Omit<PageInput, 'body'> & { body: Uint8Array };
}

export interface SerializedError {
  name: string;
  message: string;
  stack: string;
  code?: string;
  permanent?: boolean;
  details?: Record<string, unknown>;
}

export type WorkerReply = { type: 'ready' } | { type: 'done'; id: number; result: ProcessResult } | { type: 'failed'; id: number; error: SerializedError };
