// Help texts live apart from the commands so that `--help` loads none of a command's dependencies.
import { STAGES } from '@ingest/contracts/queues';

export const AUDIT_HELP = `ingest audit [--repair] [--limit N] [--source ID [--run RUN]] [--json]

Reconciles what the pipeline accepted (fetch jobs, URL state, archived captures) with what
Meilisearch holds, and lists every page accepted but not indexed with its last error. Pages that
ended without a document by design (NO_ARTICLE, UNSUPPORTED_CONTENT_TYPE, HTTP_GONE,
ROBOTS_DISALLOWED, removed) are counted by outcome, not as lost; pages still in flight as pending.
--repair re-drives the lost pages idempotently: a failed job is re-added under its own id, a
chain that broke without a failure is fetched again. Exits 1 when pages are lost (after --repair:
when some could not be re-enqueued).
--source ID counts only the pages of that source's latest run (or --run RUN), as the console's run
view does.
Examples:
  ingest audit
  ingest audit --source news
  ingest audit --repair && ingest wait`;

export const ENQUEUE_HELP = `ingest enqueue URL... [--crawl] [--max-pages N] [--max-depth N] [--file F|-] [--json]

Validates every URL, then enqueues them for fetching. If any URL is invalid nothing is enqueued.
  --crawl          follow in-scope links (same host) from these start URLs
  --max-pages N    page budget of the crawl (default 100)
  --max-depth N    link depth of the crawl (default 2)
  --file F         read URLs from a file, one per line ('-' for stdin)
Examples:
  ingest enqueue https://example.org/news/story.html
  ingest enqueue --crawl --max-pages 500 --max-depth 3 https://example.org/
  cat urls.txt | ingest enqueue --file -`;

export const EXPORT_HELP = `ingest export --jsonl [--include-tdm-reserved]
ingest export --wacz FILE [--source ID] [--check]

--jsonl writes every indexed document to stdout, one JSON object a line, except those whose
publisher reserves text-and-data-mining rights (TDMRep tdm-reservation: 1; their number goes to
stderr) unless --include-tdm-reserved.
--wacz writes the raw archive as a WACZ 1.1 package (WARC records byte for byte, a CDXJ index,
pages.jsonl, datapackage.json with SHA-256 hashes) that ReplayWeb.page and pywb replay. With
--source, only the captures made by that source's runs (and the captures their revisit records
refer to). --check reads the package back and verifies its structure (hashes, CDXJ offsets).
Through the API (--api) the package is built by the API and saved to FILE.
Examples:
  ingest export --jsonl > documents.jsonl
  ingest export --wacz news.wacz --source news --check`;

export const EXTRACT_HELP = `ingest extract [--url URL] [--jsonl] FILE...
ingest extract --jsonl --manifest FILE

Runs extraction and enrichment on local HTML files (.html or .html.gz) through the pipeline's own
page path (without a site template or near-duplicate clusters), and prints one JSON object per input: file, url, title, text (the body that would be
indexed), authors, publishedAt, language, siteName, related and the other document fields.
Exits non-zero only when an input cannot be read.
  --url URL        the page's URL (for relative links and the document id); default http://localhost/FILE
  --manifest FILE  JSON lines {"file": PATH, "url": URL}
Examples:
  ingest extract --url https://example.org/a.html page.html
  ingest extract --jsonl --manifest pages.jsonl > out.jsonl`;

export const JOBS_HELP = `ingest jobs failed [--queue Q] [--limit N] [--json]
ingest jobs retry [JOB_ID] [--queue Q] [--json]
ingest jobs find URL [--json]

  failed   failed jobs with their reasons, newest first (default limit 50)
  retry    retry one failed job by id, or every failed job (of --queue, or all queues)
  find     a URL's jobs in every stage: state, attempts and failure reason
Queues: ${STAGES.join(', ')}. Exits 1 when find finds nothing or the job to retry does not exist or is not failed.
Examples:
  ingest jobs failed --queue fetch
  ingest jobs find https://example.org/news/story.html
  ingest jobs retry fetch-51a8c39e47cd00d465d11ded91584342
  ingest jobs retry --queue extract`;

export const KEYS_HELP = `ingest keys create NAME --scope read|write|admin [--json]
ingest keys list [--json]
ingest keys revoke ID

API keys for the operator API, stored hashed in Redis (the key is printed once, at creation).
Scopes imply the lower ones: admin (queues, keys, dashboard) ⊃ write (enqueue, retry, sources) ⊃ read.
The bootstrap key (API_KEY, or .data/secrets/api-key) is always admin.
Exits 1 when the key to revoke does not exist, 2 on a bad scope or missing name.
Examples:
  ingest keys create ci-enqueuer --scope write
  ingest keys create grafana --scope read --json | jq -r .key
  ingest keys list
  ingest keys revoke 3f9a1c02b7de`;

export const QUEUES_HELP = `ingest queues [list] [--json]
ingest queues pause|resume QUEUE|--all [--json]
ingest queues drain QUEUE [--delayed] --yes [--json]

  list     every queue: paused or running, job counts per state
  pause    stop every worker process of the stage from taking new jobs (active jobs finish)
  resume   let the workers take jobs again
  drain    delete the waiting jobs (and with --delayed the delayed ones); needs --yes
Queues: ${STAGES.join(', ')}.
Examples:
  ingest queues
  ingest queues pause fetch
  ingest queues resume --all
  ingest queues drain fetch --yes`;

export const RAW_HELP = `ingest raw DOC_ID_OR_URL [--headers]

Prints the archived raw page (the body exactly as the server sent it, after content-decoding) to
stdout, read back from its WARC record. With --headers, prints the status line and headers first.
Examples:
  ingest raw 3f2a9c0d1e4b5a6978877665544332211 > page.html
  ingest raw --headers https://example.org/news/story.html | less`;

export const VERSIONS_HELP = `ingest versions DOC_ID_OR_URL [--json]

Lists a document's versions, oldest first: number, fetch time, payload digest, title and the
WARC capture. A version is a change of the extracted text or title; a change of template noise
only (a sidebar date, a counter) is not one. The last 50 are kept.
Examples:
  ingest versions 3f2a9c0d1e4b5a6978877665544332211
  ingest --api http://127.0.0.1:3000 --key KEY versions https://example.org/news/story.html --json`;

export const DIFF_HELP = `ingest diff DOC_ID_OR_URL [A] [B] [--json]

Word-level diff between versions A and B of a document, with title and metadata changes
([-removed-] {+added+}). Without A and B: the version before the latest against the latest;
with A only: A against the version before it.
Examples:
  ingest diff 3f2a9c0d1e4b5a6978877665544332211
  ingest diff 3f2a9c0d1e4b5a6978877665544332211 1 3 --json`;

export const REINDEX_HELP = `ingest reindex [--chunk N] [--json]

Rebuilds the search index from the archived raw pages with the current extraction and
enrichment: nothing is fetched again. Documents go into a new index with the same settings
(<index>_reindex_<time>), which then replaces the live one in a single atomic swap, so search
keeps answering from the old index until the new one is complete. The old index is deleted.

Resumable: progress is checkpointed in Redis. After a crash or Ctrl+C, run the same command
again and it continues where it stopped.
Examples:
  ingest reindex
  ingest reindex --chunk 200 --json`;

export const RETRY_HELP = `ingest retry [--source ID] [URL...] [--json]

Retries failed fetch jobs (BullMQ job.retry): every failed one, those of one source, or those of
the given URLs. Failures that are not fetch jobs (a malformed sitemap) are fixed by a new run:
ingest sources run ID.
Examples:
  ingest retry --source news
  ingest retry https://example.org/news/story.html`;

export const SCHEMA_HELP = `ingest schema

Prints the JSON Schema of an indexed document.`;

export const SEARCH_HELP = `ingest search QUERY [--limit N] [--json]

Searches the index as the search UI does.
Examples:
  ingest search "migrant smuggling"
  ingest search Kazakhstan --json --limit 50`;

export const SOURCES_HELP = `ingest sources add ID --kind url|sitemap|feed|crawl URL... [options]
ingest sources list|show ID|schedule ID|pause ID|resume ID|remove ID|run ID [--json]
ingest sources documents ID [--run RUN] [--limit N] [--offset N] [--json]
ingest sources discover URL [--add [--every D]] [--json]

A source is registered once and kept in Redis; each run expands it into fetch jobs (one fetch per
URL per run). Recurring sources run on a schedule (BullMQ job scheduler); pause and remove stop it.
  --kind K         url (the pages), sitemap (sitemap or index URLs, or site roots: robots.txt
                   sitemaps are used), feed (RSS 2.0, Atom, JSON Feed), crawl (start URLs)
  --every D        run every D (e.g. 30m, 6h, 1d)        --cron P   run on a cron pattern
  --max-urls N     URLs one run may enqueue (default 50000)
  --max-bytes N    largest sitemap/feed after decompression (default 50 MB)
  crawl only: --max-pages N (100) --max-depth N (2) --scope host|domain --prefix /path/
              --include REGEX --exclude REGEX (repeatable)
  --render M       never (default), always, or auto: render in Chromium only the pages that need it,
                   learned per host and URL pattern (needs Chromium: apt-get install chromium)
  --screenshots    a PNG screenshot of every rendered page, linked from its document
  --adaptive MIN..MAX  adaptive recrawl (e.g. 1h..7d): each page's, feed's and sitemap's interval
                   halves when it changed and doubles when not, within the bounds; a run fetches
                   only the URLs that are due (run the source at least every MIN)
  --no-run         register without starting a first run
documents lists the pages of a run (default the latest; its id is in sources show) with
how each fetch ended and the document it produced; pages not indexed: ingest audit --source ID.
schedule shows an adaptive source's per-URL interval and next due time.
discover fetches URL (a homepage), its robots.txt and common feed/sitemap paths, and lists each
feed and sitemap found once, with the command that registers it; --add registers them all.
Examples:
  ingest sources add news --kind sitemap --every 6h https://example.org/
  ingest sources add blog --kind feed https://example.org/feed.xml
  ingest sources add docs --kind crawl --scope domain --prefix /docs/ --max-pages 500 https://example.org/docs/
  ingest sources add spa --kind sitemap --render auto --screenshots https://example.org/
  ingest sources add wire --kind feed --every 1h --adaptive 1h..7d https://example.org/feed.xml
  ingest sources show news
  ingest sources documents news --limit 100
  ingest sources schedule wire
  ingest sources discover https://example.org/ --add --every 1h`;

export const START_HELP = `ingest start [--no-demo] [--port N]

Runs the API, every worker and the search UI in one process until SIGINT/SIGTERM. Redis,
Meilisearch and S3 come from REDIS_URL, MEILI_URL and S3_ENDPOINT, or are started embedded with
their data under INGEST_DATA_DIR (default .data/). Without --no-demo a bundled demo site is served
on loopback and crawled; it keeps its port across restarts (services.json in the data directory).
Each data directory is one stack with its own id: its queue prefix ({ingest-<id>} unless
QUEUE_PREFIX is set), embedded service ports and PIDs. Two stacks (two data directories) run side
by side on one machine and can share one Redis.
Examples:
  ingest start
  API_PORT=9000 ingest start --no-demo`;

export const STATUS_HELP = `ingest status [--json]

Queue counts per stage, pipeline counters and the most recent failures with their reasons, and
the hosts whose extraction broke since their previous crawl (a redesign): both crawls' figures
(articles found, median body length and confidence, template blocks removed) and example pages.
Exits 1 when no stack answers.
Examples:
  ingest status
  ingest status --json | jq .queues
  ingest status --json | jq '.extraction.flaggedHosts[] | {host, reasons, examples: .current.examples}'`;

export const WAIT_HELP = `ingest wait [--timeout SECONDS] [--json]

Shows progress until every queue is drained, then audits (see \`ingest audit\`) and prints a
summary: fetched, indexed, skipped and failed with reasons. Says "done" only when no accepted page
is missing from the index; otherwise lists the lost pages with their last error and exits 1.
Exits 3 when the timeout (default 600 s) passes first.
Examples:
  ingest enqueue https://example.org/ && ingest wait --timeout 120`;

export const WEBHOOKS_HELP = `ingest webhooks add URL [--event NAME]... [--source ID] [--description TEXT] [--json]
ingest webhooks list [--json]
ingest webhooks remove ID
ingest webhooks deliveries [--webhook ID] [--limit N] [--json]

Webhooks POST each event as JSON to URL: document.indexed, document.updated, document.removed, crawl.completed, crawl.failed
(every event unless --event names some; only one source's with --source). Each request carries
  Ingest-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>
and Ingest-Event, Ingest-Event-Id (deduplicate on it) and Ingest-Delivery. The secret is printed
once, by add. Failed deliveries are retried with back-off (WEBHOOK_ATTEMPTS); deliveries shows each
attempt. Private and loopback URLs are refused unless WEBHOOK_ALLOW_NETWORKS allows them.
Exits 1 when the webhook to remove does not exist, 2 on an invalid URL, event or source.
Examples:
  ingest webhooks add https://hooks.example.org/ingest
  ingest webhooks add https://ci.example.org/hook --event crawl.completed --event crawl.failed --source news
  ingest webhooks deliveries --limit 20
  ingest webhooks remove wh_3f9a1c02b7de4a11`;
