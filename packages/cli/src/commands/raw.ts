import { parseArgs } from 'node:util';
import { UrlStateStore } from '@ingest/pipeline';
import { isDocumentId } from '@ingest/ids';
import { documentId, normalizeUrl } from '@ingest/urls';
import { openStack } from '../context.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';

export const RAW_HELP = `ingest raw DOC_ID_OR_URL [--headers]

Prints the archived raw page (the body exactly as the server sent it, after content-decoding) to
stdout, read back from its WARC record. With --headers, prints the status line and headers first.
Examples:
  ingest raw 3f2a9c0d1e4b5a6978877665544332211 > page.html
  ingest raw --headers https://example.org/news/story.html | less`;

/** A URL resolves through what its last fetch archived, else its document; an id through the index. */
async function archiveKeyFor(target: string, conns: Awaited<ReturnType<typeof openStack>>['conns']): Promise<string | null> {
  let docId = target;
  if (/^https?:\/\//i.test(target)) {
    const url = normalizeUrl(target);
    const state = await new UrlStateStore(conns.redis, conns.queues.prefix).get(url);
    if (state.archiveKey) return state.archiveKey;
    docId = documentId(url);
  } else if (!isDocumentId(target)) {
    throw new CliError(`"${target}" is neither a document id ([A-Za-z0-9_-]) nor an http(s) URL`, EXIT.usage);
  }
  return (await conns.searchIndex.get(docId, ['archiveKey']))?.archiveKey ?? null;
}

export async function rawCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { headers: { type: 'boolean' } } });
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new CliError(`Give exactly one document id or URL.\n\n${RAW_HELP}`, EXIT.usage);
  const { conns } = await openStack(io);
  try {
    const key = await archiveKeyFor(target, conns);
    if (!key) throw new CliError(`Nothing archived for ${target}. Check it with: ingest search, or fetch it with: ingest enqueue URL`);
    const { meta, body } = await conns.archive.getResponse(key);
    if (values.headers) {
      println(io.stdout, `HTTP ${meta.status}  ${meta.finalUrl}  (fetched ${meta.fetchedAt}, archived as ${key})`);
      for (const [k, v] of Object.entries(meta.headers)) println(io.stdout, `${k}: ${v}`);
      println(io.stdout);
    }
    // Raw bytes, not a string: the page may be in any charset.
    (io.stdout as { write(chunk: Uint8Array | string): unknown }).write(body);
    return EXIT.ok;
  } finally {
    await conns.close();
  }
}
