import type { FetchJob } from '@ingest/contracts';
import { decodeHtml, isHtmlContentType } from '@ingest/charset';
import { scanLinks } from '@ingest/extract';
import type { PipelineDeps } from '../deps.ts';
import { enqueueLinks } from '../extract/discover.ts';

/** The bytes of an unchanged page and where they came from (the base of its relative links). */
export interface UnchangedPage {
  body: Buffer;
  finalUrl: string;
  contentType: string | null | undefined;
}

/**
 * An unchanged page is not extracted again, but a crawl still passes through it: without its links
 * a recrawl whose front page did not change would stop there and never see the articles below.
 * The links come from the bytes at hand (just fetched, or the archived capture a 304 confirmed),
 * resolved against the URL that served them, never from links remembered for another origin.
 */
export async function followUnchangedLinks(deps: PipelineDeps, job: FetchJob, page: () => Promise<UnchangedPage | null>): Promise<number> {
  if (!job.crawl || job.crawl.depth >= job.crawl.maxDepth) return 0;
  const got = await page();
  if (!got || !isHtmlContentType(got.contentType ?? null, got.body)) return 0;
  const { html } = decodeHtml(got.body, got.contentType ?? null);
  return enqueueLinks(deps, job.crawl, scanLinks(html, got.finalUrl), got.finalUrl, { sourceId: job.sourceId, runId: job.runId });
}
