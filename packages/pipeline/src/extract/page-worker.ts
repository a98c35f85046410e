// Entry of one page-pool thread (page-pool.ts): runs processHtml for one page at a time. Loaded by
// Node itself (type stripping), like the services' main.ts, so it imports only erasable TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import { processHtml } from './process-html.ts';
import type { WorkerReply, WorkerTask } from './page-messages.ts';

const port = parentPort;
if (!port) throw new Error('page-worker.ts runs only as a worker thread of the page pool');

// Loaded before the thread reports ready, and only when asked: its language models take about 65 MB of heap.
const derive = (workerData as { derive?: boolean } | null)?.derive ? await import('./derive.ts') : null;

port.on('message', (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    const { body, ...rest } = task.input;
    const result = processHtml({ ...rest, body: Buffer.from(body.buffer, body.byteOffset, body.byteLength) });
    const derived = derive?.derivePage(result.record);
    reply = { type: 'done', id: task.id, result: derived ? { ...result, derived } : result };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const { code, permanent, details } = e as { code?: unknown; permanent?: unknown; details?: unknown };
    reply = {
      type: 'failed',
      id: task.id,
      error: {
        name: e.name,
        message: e.message,
        stack: e.stack ?? '',
        ...(typeof code === 'string' ? { code } : {}),
        ...(typeof permanent === 'boolean' ? { permanent } : {}),
        ...(details && typeof details === 'object' ? { details: details as Record<string, unknown> } : {}),
      },
    };
  }
  port.postMessage(reply);
});

port.postMessage({ type: 'ready' } satisfies WorkerReply);
