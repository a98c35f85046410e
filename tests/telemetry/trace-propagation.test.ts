import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { enqueueUrls, CrawlFrontier } from '@ingest/pipeline';
import { startPipelineProcess, type PipelineProcess } from '@ingest/runtime';
import { articlePage, cleanupTest, drained, html, startFixtureServer, testConfig, type FixtureServer } from '@ingest/testing';

describe('OpenTelemetry, when enabled', () => {
  const exporter = new InMemorySpanExporter();
  const config = testConfig({ otelEnabled: true });
  let proc: PipelineProcess;
  let site: FixtureServer;

  beforeAll(async () => {
    // What an OpenTelemetry SDK registers at start-up: a context manager, a propagator, a provider.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    site = await startFixtureServer({
      '/story.html': (_q, r) =>
        html(
          r,
          articlePage('Tram line reopens after repairs', [
            'The tram line between the station and the old town reopened on Monday after three weeks of track repairs.',
            'Services will run every eight minutes at peak times, the operator said, and night trams return on Friday.',
          ]),
        ),
    });
    proc = await startPipelineProcess(config, createLogger({ level: 'silent' }), { stages: ['fetch', 'extract', 'index'], api: false, service: 'otel-test' });
    await enqueueUrls(proc.conns.queues, new CrawlFrontier(proc.conns.redis, proc.conns.queues.prefix), { urls: [`${site.baseUrl}/story.html`] });
    await drained(proc);
  });
  afterAll(async () => {
    await proc?.close();
    await site?.close();
    await cleanupTest(config);
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('follows one page through every stage in a single trace', () => {
    const spans = exporter.getFinishedSpans();
    const processing = (queue: string) => spans.filter((s) => s.name.startsWith('process') && s.name.includes(queue));
    for (const queue of ['fetch', 'extract', 'index']) expect(processing(queue), queue).toHaveLength(1);
    const traceIds = new Set(['fetch', 'extract', 'index'].map((q) => processing(q)[0]!.spanContext().traceId));
    expect(traceIds.size).toBe(1);
  });
});
