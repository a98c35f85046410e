import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '@ingest/config';
import { ERROR_CODES, SOURCE_ERROR_CODES } from '@ingest/errors';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README stays in step with the code', () => {
  it('documents every setting with its env var', () => {
    for (const s of Object.values(SETTINGS)) expect(readme, s.env).toContain(`| \`${s.env}\` |`);
  });
  it('documents every error code and whether it is retried', () => {
    for (const [code, e] of Object.entries(ERROR_CODES)) expect(readme, code).toContain(`| \`${code}\` | ${e.permanent ? 'no' : 'yes'} |`);
  });
  it('documents every source error code', () => {
    for (const code of Object.keys(SOURCE_ERROR_CODES)) expect(readme, code).toContain(`| \`${code}\` |`);
  });
  it('shows the two commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
