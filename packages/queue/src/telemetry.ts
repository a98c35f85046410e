import { BullMQOtel } from 'bullmq-otel';
import { SpanKind, type Telemetry } from 'bullmq';

/**
 * OpenTelemetry for the queues, when enabled: BullMQ starts a span for every enqueue and every job
 * and stores the trace context in the job, so one trace follows a page through every stage, across
 * processes. Spans go to whatever tracer provider the process registered (for example with
 * `--import @opentelemetry/auto-instrumentations-node/register` and OTEL_EXPORTER_OTLP_ENDPOINT);
 * without one they cost nothing.
 */
export function queueTelemetry(enabled: boolean): Telemetry | undefined {
  return enabled ? new BullMQOtel({ tracerName: 'ingest' }) : undefined;
}

/**
 * Runs `fn` in a span of its own, a child of the active one, as BullMQ does for a job: a stage run
 * inside another stage's job (inline) still shows in the page's trace. Without telemetry, just `fn`.
 */
export async function inStageSpan<T>(telemetry: Telemetry | undefined, name: string, attributes: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  if (!telemetry) return fn();
  const { tracer, contextManager } = telemetry;
  const span = tracer.startSpan(name, { kind: SpanKind.CONSUMER }, contextManager.active());
  span.setAttributes(attributes);
  try {
    return await contextManager.with(span.setSpanOnContext(contextManager.active()), fn);
  } catch (err) {
    span.recordException(err instanceof Error ? { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) } : String(err));
    throw err;
  } finally {
    span.end();
  }
}
