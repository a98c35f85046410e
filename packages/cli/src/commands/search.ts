import { parseArgs } from 'node:util';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';

export const SEARCH_HELP = `ingest search QUERY [--limit N] [--json]

Searches the index as the search UI does.
Examples:
  ingest search "migrant smuggling"
  ingest search Kazakhstan --json --limit 50`;

export async function searchCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, limit: { type: 'string' } } });
  const query = positionals.join(' ');
  const limit = values.limit ? Number(values.limit) : 10;
  if (!Number.isInteger(limit) || limit < 1) throw new CliError('--limit must be a positive whole number', EXIT.usage);
  const { conns } = await openStack(io);
  try {
    const res = await conns.searchIndex.search({ text: query, limit, fields: ['id', 'title', 'canonicalUrl', 'siteName', 'site', 'publishedAt', 'authors', 'language'] });
    if (values.json) {
      println(io.stdout, JSON.stringify({ query, estimatedTotalHits: res.total, hits: res.hits }, null, 2));
    } else {
      println(io.stdout, `${res.total} results for "${query}" (${res.tookMs} ms)`);
      for (const h of res.hits) {
        println(io.stdout, `- ${h.title}\n  ${h.canonicalUrl}\n  ${[h.siteName ?? h.site, h.authors?.join(', '), h.publishedAt?.slice(0, 10), h.language].filter(Boolean).join(' · ')}  [${h.id}]`);
      }
    }
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
