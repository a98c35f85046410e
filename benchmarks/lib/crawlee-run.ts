// Child-process entry: the peer crawl. Crawlee's CheerioCrawler follows same-host links from the
// start URLs and runs Mozilla Readability (over linkedom) on every page, keeping title and text
// length in an in-memory dataset. Storage lives in a temp dir and is not persisted.
//   node crawlee-run.ts '{"startUrls":[...],"maxRequests":3000,"maxConcurrency":8,"storageDir":"/tmp/x"}'
// prints `PROGRESS n` lines and one `RESULT {...}` line on stdout.
import { readFileSync } from 'node:fs';
import { CheerioCrawler, Configuration, log, LogLevel } from '@crawlee/cheerio';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

const options = JSON.parse(process.argv[2] ?? '{}') as { startUrls: string[]; maxRequests: number; maxConcurrency: number; minConcurrency?: number; storageDir: string };

/** utime+stime of this process in seconds, from the same /proc file the parent reads for the others. */
function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

log.setLevel(LogLevel.WARNING);
const config = new Configuration({ persistStorage: false, purgeOnStart: true, storageClientOptions: { localDataDirectory: options.storageDir, persistStorage: false } });
let pages = 0;
let extracted = 0;
let textChars = 0;
const crawler = new CheerioCrawler(
  {
    maxRequestsPerCrawl: options.maxRequests,
    maxConcurrency: options.maxConcurrency,
    minConcurrency: options.minConcurrency ?? Math.max(1, Math.floor(options.maxConcurrency / 2)),
    maxRequestRetries: 2,
    sameDomainDelaySecs: 0,
    async requestHandler({ request, body, enqueueLinks, pushData }) {
      const { document } = parseHTML(String(body));
      const article = new Readability(document).parse();
      pages++;
      if (article?.textContent) {
        extracted++;
        textChars += article.textContent.length;
      }
      await pushData({ url: request.loadedUrl ?? request.url, title: article?.title ?? null, chars: article?.textContent?.length ?? 0 });
      await enqueueLinks({ strategy: 'same-hostname' });
      if (pages % 100 === 0) process.stdout.write(`PROGRESS ${pages}\n`);
    },
  },
  config,
);

const cpu0 = cpuSeconds();
const t0 = performance.now();
const stats = await crawler.run(options.startUrls);
const seconds = (performance.now() - t0) / 1000;
const cpu = cpuSeconds() - cpu0;
process.stdout.write(`RESULT ${JSON.stringify({ pages, extracted, textChars, seconds, cpuSeconds: cpu, failed: stats.requestsFailed, finished: stats.requestsFinished })}\n`);
// The parent reads this process's memory after the result, then closes stdin.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
