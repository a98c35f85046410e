import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryArchiveStore, S3ArchiveStore, type PutResponseInput } from '@ingest/archive';
import { freePort, startS3rver, type RunningService } from '@ingest/embedded';
import { waitFor } from './helpers.ts';

const url = 'http://127.0.0.9/news/torn.html';
const body = Buffer.from(`<html><body><article>${'<p>A paragraph of the story that is long enough to matter.</p>'.repeat(400)}</article></body></html>`);
const input: PutResponseInput = {
  url,
  finalUrl: url,
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  fetchedAt: '2026-12-04T10:00:00.000Z',
  redirects: [],
  body,
  captureId: 'fetch-job-1',
  sourceId: 'news',
};

/** Files under `dir` whose name ends with `suffix`, recursively. */
function filesEnding(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

describe('an archive object torn by an S3 crash', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ingest-torn-'));
  const directory = join(scratch, 's3');
  let s3: RunningService | undefined;
  let archive: S3ArchiveStore | undefined;
  afterAll(async () => {
    archive?.close();
    await s3?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is rewritten by the retried fetch, so extraction reads the whole page', async () => {
    const port = await freePort();
    s3 = await startS3rver({ port, directory });
    const options = { endpoint: s3.url, region: 'us-east-1', bucket: 'torn', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
    archive = new S3ArchiveStore(options);
    await archive.ensureReady();

    // The bytes and key the first attempt would write (the in-memory store runs the same logic).
    const memory = new MemoryArchiveStore();
    const { archiveKey } = await memory.putResponse({ ...input, firstRun: true });
    const bytes = await memory.getBytes(archiveKey);

    // The first attempt's PUT: half the body sent, then S3 is killed while it waits for the rest.
    const put = request({ host: '127.0.0.1', port, method: 'PUT', path: `/torn/${archiveKey}`, headers: { 'content-length': bytes.length, 'content-type': 'application/warc' } });
    put.on('error', () => {});
    put.write(bytes.subarray(0, bytes.length >> 1));
    const file = await waitFor('the first half on disk', async () => filesEnding(directory, '._S3rver_object').find((f) => statSync(f).size > 0));
    s3.child!.kill('SIGKILL');
    await new Promise((resolve) => s3!.child!.once('exit', resolve));
    put.destroy();
    s3 = await startS3rver({ port, directory });

    // What s3rver left: an object that exists but does not read back.
    expect(statSync(file).size).toBeLessThan(bytes.length);
    expect(await archive.exists(archiveKey)).toBe(true);
    await expect(archive.getResponse(archiveKey)).rejects.toMatchObject({ code: 'ARCHIVE_MISSING' });

    // The retry (not the job's first run, so it asks before writing) must not take it for done.
    const retry = await archive.putResponse(input);
    expect(retry.archiveKey).toBe(archiveKey);
    const back = await archive.getResponse(archiveKey);
    expect(Buffer.compare(back.body, body)).toBe(0);
    // And a later retry finds it whole and writes nothing.
    const mtime = statSync(file).mtimeMs;
    await archive.putResponse(input);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });
});
