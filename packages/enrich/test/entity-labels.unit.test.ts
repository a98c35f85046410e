import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectLanguage, extractEntities } from '../src/index.ts';
import { scoreEntities, type LabelFile } from '../scripts/entity-score.ts';

// Guards the measured entity precision against regressions; needs the fundus-dev dataset, which
// lives in ../shared beside the repository (or FUNDUS_DIR). Missing data fails: a guard that skips
// itself on another machine guards nothing.
const DATA = process.env['FUNDUS_DIR'] ?? fileURLToPath(new URL('../../../../shared/datasets/fundus-dev', import.meta.url));
const TRUTH = join(DATA, 'truth.json');

describe('entity precision on hand-labelled fundus-dev articles', () => {
  it('has the fundus-dev dataset', () => {
    expect(existsSync(TRUTH), `fundus-dev not found at ${DATA}: put ../shared beside the repository or set FUNDUS_DIR`).toBe(true);
  });
  const truth = existsSync(TRUTH) ? (JSON.parse(readFileSync(TRUTH, 'utf8')) as { file: string; title: string; body: string }[]) : [];
  const predict = (file: string): ReturnType<typeof extractEntities> | null => {
    const t = truth.find((x) => x.file === file);
    return t ? extractEntities(t.title, t.body, detectLanguage(t.body).language) : null;
  };
  for (const fixture of ['entity-labels.json', 'entity-labels-heldout.json', 'entity-labels-final.json']) {
    it(`${fixture}: precision stays at or above 0.85`, () => {
      const labels = JSON.parse(readFileSync(new URL(`./fixtures/${fixture}`, import.meta.url), 'utf8')) as LabelFile;
      expect(scoreEntities(labels, predict).precision).toBeGreaterThanOrEqual(0.85);
    });
  }
});
