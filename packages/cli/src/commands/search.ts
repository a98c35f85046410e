import { parseArgs } from 'node:util';
import { remoteApi } from '../remote.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';

export async function searchCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, limit: { type: 'string' } } });
  const query = positionals.join(' ');
  const limit = values.limit ? Number(values.limit) : 10;
  if (!Number.isInteger(limit) || limit < 1) throw new CliError('--limit must be a positive whole number', EXIT.usage);
  const res = await search(io, query, limit);
  {
    if (values.json) {
      println(io.stdout, JSON.stringify({ query, estimatedTotalHits: res.total, hits: res.hits }, null, 2));
    } else {
      println(io.stdout, `${res.total} results for "${query}" (${res.tookMs} ms)`);
      for (const h of res.hits) {
        println(io.stdout, `- ${h.title}\n  ${h.canonicalUrl}\n  ${[h.siteName ?? h.site, h.authors?.join(', '), h.publishedAt?.slice(0, 10), h.language].filter(Boolean).join(' · ')}  [${h.id}]`);
      }
    }
    return EXIT.ok;
  }
}

interface Hit {
  id: string;
  title: string;
  canonicalUrl: string;
  siteName?: string | null | undefined;
  site?: string | undefined;
  publishedAt?: string | null | undefined;
  authors?: string[] | undefined;
  language?: string | null | undefined;
}

async function search(io: CliIO, query: string, limit: number): Promise<{ hits: Hit[]; total: number; tookMs: number }> {
  const api = remoteApi(io);
  if (api) {
    const res = await api.json<{ hits: Hit[]; estimatedTotalHits: number; processingTimeMs: number }>('GET', '/api/v1/search', { query: { q: query, limit } });
    return { hits: res.hits, total: res.estimatedTotalHits, tookMs: res.processingTimeMs };
  }
  const { openStack } = await import('../context.ts');
  const { conns } = await openStack(io);
  try {
    return await conns.searchIndex.search({ text: query, limit, fields: ['id', 'title', 'canonicalUrl', 'siteName', 'site', 'publishedAt', 'authors', 'language'] });
  } finally {
    await conns.close();
  }
}
