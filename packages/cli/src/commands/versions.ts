import { parseArgs } from 'node:util';
import type { VersionDiff } from '@ingest/ops';
import { documentId } from '@ingest/urls';
import type { DocumentVersion } from '@ingest/versions';
import { DIFF_HELP, VERSIONS_HELP } from '../help.ts';
import { CliError, EXIT, println, type CliIO } from '../io.ts';
import { remoteApi } from '../remote.ts';

/** A document id, or a URL whose canonical form names one. */
function idOf(target: string | undefined, help: string): string {
  if (!target) throw new CliError(`Give a document id or URL.\n\n${help}`, EXIT.usage);
  return /^https?:\/\//i.test(target) ? documentId(target) : target;
}

function versionArg(raw: string | undefined, help: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`Versions are numbered from 1; got "${raw}".\n\n${help}`, EXIT.usage);
  return n;
}

/** Through the API when --api is given, else straight from the stack's Redis and S3. */
async function local<T>(io: CliIO, run: (ops: typeof import('@ingest/ops'), deps: import('@ingest/ops').VersionsDeps) => Promise<T>): Promise<T> {
  const [{ openStack }, ops] = await Promise.all([import('../context.ts'), import('@ingest/ops')]);
  const { conns } = await openStack(io);
  try {
    return await run(ops, { redis: conns.redis, prefix: conns.queues.prefix, archive: conns.archive, searchIndex: conns.searchIndex });
  } catch (err) {
    if (err instanceof ops.OperatorError) throw new CliError(err.message, err.statusCode === 400 ? EXIT.usage : EXIT.failure);
    throw err;
  } finally {
    await conns.close();
  }
}

export async function versionsCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length > 1) throw new CliError(`Give exactly one document id or URL.\n\n${VERSIONS_HELP}`, EXIT.usage);
  const id = idOf(positionals[0], VERSIONS_HELP);
  const api = remoteApi(io);
  const versions = api
    ? (await api.json<{ versions: DocumentVersion[] }>('GET', `/api/v1/documents/${encodeURIComponent(id)}/versions`)).versions
    : await local(io, (ops, deps) => ops.documentVersions(deps, id));
  if (values.json) {
    println(io.stdout, JSON.stringify({ id, versions }, null, 2));
    return EXIT.ok;
  }
  for (const v of versions) println(io.stdout, `v${v.n}  ${v.fetchedAt}  ${v.contentDigest.slice(0, 12)}  ${v.title}  (${v.archiveKey})`);
  return EXIT.ok;
}

export async function diffCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length > 3) throw new CliError(`Give a document id and at most two version numbers.\n\n${DIFF_HELP}`, EXIT.usage);
  const id = idOf(positionals[0], DIFF_HELP);
  let from = versionArg(positionals[1], DIFF_HELP);
  let to = versionArg(positionals[2], DIFF_HELP);
  // One number: that version against the one before it.
  if (from !== undefined && to === undefined) [from, to] = [from > 1 ? from - 1 : from, from];
  const api = remoteApi(io);
  const query: Record<string, string> = {};
  if (from !== undefined) query.from = String(from);
  if (to !== undefined) query.to = String(to);
  const diff = api ? await api.json<VersionDiff>('GET', `/api/v1/documents/${encodeURIComponent(id)}/diff`, { query }) : await local(io, (ops, deps) => ops.documentDiff(deps, id, from, to));
  if (values.json) {
    println(io.stdout, JSON.stringify(diff, null, 2));
    return EXIT.ok;
  }
  for (const line of formatDiff(diff)) println(io.stdout, line);
  return EXIT.ok;
}

/** git-style word diff: [-removed-] {+added+}, unchanged runs shortened to their ends. */
export function formatDiff(diff: VersionDiff): string[] {
  const s = diff.summary;
  const lines = [`${diff.id} v${diff.from.n} (${diff.from.fetchedAt}) -> v${diff.to.n} (${diff.to.fetchedAt}): +${s.wordsAdded} -${s.wordsRemoved} words`];
  if (diff.title) lines.push(`title: [-${diff.title.from}-] {+${diff.title.to}+}`);
  for (const f of diff.fields) lines.push(`${f.field}: [-${JSON.stringify(f.from)}-] {+${JSON.stringify(f.to)}+}`);
  const body = diff.body
    .map((op) => {
      if (op.op === 'insert') return `{+${op.text}+}`;
      if (op.op === 'delete') return `[-${op.text}-]`;
      const w = op.text.split(' ');
      return w.length > 12 ? `${w.slice(0, 5).join(' ')} ... ${w.slice(-5).join(' ')}` : op.text;
    })
    .join(' ');
  if (s.wordsAdded + s.wordsRemoved > 0) lines.push(`body: ${body}`);
  return lines;
}
