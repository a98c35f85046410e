import { screenshotKey } from '@ingest/archive';
import { sha256Hex } from '@ingest/ids';
import type { ExtractJob, RenderJob, StageResult } from '@ingest/contracts';
import { RetryableError } from '@ingest/errors';
import type { StageContext } from '@ingest/queue';
import { FAR_LESS_TEXT, RenderDecisions, type RenderDecision } from '@ingest/sources';
import type { PipelineDeps } from '../deps.ts';
import { processHtmlInPool } from '../extract/page-pool.ts';
import { processHtml } from '../extract/process-html.ts';
import { extractJobId } from '../fetch/enqueue-extract.ts';

/** Rendered text must beat the plain page by this much to count as a change (scripts add menus and footers too). */
const CHANGE_RATIO = 1.5;
const CHANGE_MIN_CHARS = 200;

/** The extraction job for either capture; its id names the fetched bytes, so a retried render adds no second one. */
function extractJobOf(job: RenderJob, archiveKey: string, extra: { screenshotKey?: string } = {}): ExtractJob {
  const { mode: _mode, screenshot: _screenshot, repair: _repair, ...fields } = job;
  return { ...fields, archiveKey, ...extra };
}

/** The render stage's extraction of `job`: named like a fetch's own (extractJobId). */
export function renderExtractId(job: RenderJob, rendered: boolean): string {
  return extractJobId({ finalUrl: job.finalUrl, contentDigest: job.contentDigest, rendered, supersedes: job.supersedes, repair: job.repair });
}

async function textLength(deps: PipelineDeps, job: RenderJob, body: Buffer): Promise<number> {
  const input = { ...job, body, robotsTag: job.robotsTag ?? null };
  const { record } = deps.pagePool ? await processHtmlInPool(deps.pagePool, input) : processHtml(input);
  return record.text.trim().length;
}

/**
 * render: the page in a browser, where its source asks for it. With `auto`, while its URL pattern
 * is being learned, the plain page is extracted first and rendered only when it has no article or
 * far less text than the host's rendered pages; the render is then compared with the plain
 * result and the pattern's verdict updated. The snapshot is archived beside the raw response (a
 * WARC conversion record) and extraction reads it from there, as reindexing will.
 */
export async function renderStage(deps: PipelineDeps, job: RenderJob, ctx: StageContext): Promise<StageResult> {
  const { meta, body } = await deps.archive.getResponse(job.archiveKey);
  const decisions = new RenderDecisions(deps.redis, deps.queues.prefix);
  const learning = job.mode === 'auto' && job.sourceId !== undefined;
  const before: RenderDecision | null = learning ? (await decisions.get(job.sourceId!, job.finalUrl)).decision : null;

  let plainChars = 0;
  if (before === 'plain') {
    await deps.queues.add('extract', extractJobOf(job, job.archiveKey), renderExtractId(job, false));
    return { outcome: 'done', reason: 'PLAIN: the URL pattern does without a browser' };
  }
  if (before === 'learning') {
    plainChars = await textLength(deps, job, body);
    const typical = await decisions.hostRenderedChars(job.sourceId!, new URL(job.finalUrl).host);
    if (plainChars > 0 && !(typical > 0 && plainChars < FAR_LESS_TEXT * typical)) {
      const after = await decisions.recordPlain(job.sourceId!, job.finalUrl);
      if (after !== before) await deps.stats.incr(`render.decided.${after}`);
      await deps.stats.incr('render.plainSufficed');
      await deps.queues.add('extract', extractJobOf(job, job.archiveKey), renderExtractId(job, false));
      return { outcome: 'done', reason: 'PLAIN_SUFFICES: the plain page has its article' };
    }
  }

  if (!deps.renderer) throw new RetryableError('INTERNAL', 'This process runs the render stage without a browser; start it with a renderer');
  const rendered = await deps.renderer.render({
    url: job.finalUrl,
    document: { status: meta.status, headers: meta.headers, body },
    ...(job.screenshot ? { screenshot: true } : {}),
    signal: ctx.signal,
  });
  await deps.stats.incr('render.rendered');
  ctx.log.debug({ consent: rendered.consent, requests: rendered.requests }, 'rendered');

  if (before === 'learning') {
    const renderedChars = await textLength(deps, job, Buffer.from(rendered.html, 'utf8'));
    const changed = renderedChars > 0 && (plainChars === 0 || (renderedChars >= plainChars * CHANGE_RATIO && renderedChars - plainChars >= CHANGE_MIN_CHARS));
    const after = await decisions.recordRender(job.sourceId!, job.finalUrl, changed, renderedChars);
    if (after !== before) {
      await deps.stats.incr(`render.decided.${after}`);
      ctx.log.info({ pattern: (await decisions.get(job.sourceId!, job.finalUrl)).pattern, decision: after }, 'render decision learned');
    }
    if (!changed) {
      await deps.stats.incr('render.unchanged');
      await deps.queues.add('extract', extractJobOf(job, job.archiveKey), renderExtractId(job, false));
      return { outcome: 'done', reason: 'RENDER_UNCHANGED: the browser added nothing; the plain page is used' };
    }
  }

  const day = job.fetchedAt.slice(0, 10);
  // The screenshot is stored first and named in the snapshot's metadata, so reindex links it again.
  let shotKey: string | undefined;
  if (rendered.screenshot) {
    shotKey = screenshotKey(job.finalUrl, sha256Hex(Buffer.from(rendered.html, 'utf8')), day);
    await deps.archive.putObject(shotKey, rendered.screenshot, 'image/png');
  }
  const snapshot = await deps.archive.putRendered({ rawKey: job.archiveKey, finalUrl: job.finalUrl, html: rendered.html, renderedAt: new Date().toISOString(), day, screenshotKey: shotKey });
  await deps.queues.add('extract', extractJobOf(job, snapshot.archiveKey, shotKey ? { screenshotKey: shotKey } : {}), renderExtractId(job, true));
  return { outcome: 'done', reason: `RENDERED${rendered.consent ? ` (consent closed: ${rendered.consent})` : ''}` };
}
