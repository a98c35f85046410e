import { BullMQOtel } from 'bullmq-otel';
import type { Telemetry } from 'bullmq';

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
