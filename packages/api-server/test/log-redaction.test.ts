import { describe, expect, it } from 'vitest';
import { createLogger } from '@ingest/logger';
import { testConfig } from '@ingest/testing';

describe('secrets never reach the logs', () => {
  it('redacts the API key, the Meilisearch master key and the S3 secret wherever they are logged', () => {
    const config = testConfig({ s3SecretAccessKey: 's3-secret-value-123456' });
    let out = '';
    const log = createLogger({ level: 'debug', destination: { write: (s: string) => (out += s) } });
    log.info({ config }, 'config loaded');
    log.info({ apiKey: config.apiKey, masterKey: config.meiliMasterKey }, 'keys');
    log.warn({ req: { headers: { authorization: `Bearer ${config.apiKey}`, 'x-api-key': config.apiKey } } }, 'request');
    log.child({ job: 1 }).error({ headers: { authorization: `Basic ${config.apiKey}` } }, 'child logger');
    for (const secret of [config.apiKey!, config.meiliMasterKey!, config.s3SecretAccessKey]) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });
});
