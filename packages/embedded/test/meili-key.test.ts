import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { freePort, startMeilisearch } from '../src/index.ts';

// base64url keys start with '-' one time in 64: passed as its own argument, Meilisearch read it as
// a flag and exited ("unexpected argument '-7' found"), which failed a start on CI.
it('starts an embedded Meilisearch whose master key starts with a dash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'meili-key-'));
  const masterKey = '-7dashfirst-key-of-thirty-two-chars';
  const meili = await startMeilisearch({ port: await freePort(), dbPath: join(dir, 'db'), masterKey });
  try {
    expect((await fetch(`${meili.url}/keys?limit=1`, { headers: { authorization: `Bearer ${masterKey}` } })).status).toBe(200);
  } finally {
    await meili.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
