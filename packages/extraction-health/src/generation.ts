/**
 * The generation a page's figures belong to: its source run, else its crawl, else the UTC day of
 * its fetch (pages enqueued by hand have neither). A host crawled by two sources at once keeps
 * both runs apart: a page of the previous generation adds to it rather than starting a new one.
 */
export function generationOf(page: { runId?: string | undefined; crawl?: { crawlId: string } | undefined; fetchedAt: string }): string {
  if (page.runId) return `run:${page.runId}`;
  if (page.crawl) return `crawl:${page.crawl.crawlId}`;
  return `day:${page.fetchedAt.slice(0, 10)}`;
}
