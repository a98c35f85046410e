/**
 * Entity precision/recall against the hand labels in test/fixtures/entity-labels.json.
 *   node packages/enrich/scripts/measure-entities.ts [--held-out | --final] [--details]
 * Reads article text from fundus-dev (FUNDUS_DIR overrides the location).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectLanguage, extractEntities } from '../src/index.ts';
import { scoreEntities, type LabelFile } from './entity-score.ts';

const DATA = process.env['FUNDUS_DIR'] ?? fileURLToPath(new URL('../../../../shared/datasets/fundus-dev', import.meta.url));
const set = process.argv.includes('--held-out') ? 'heldout' : process.argv.includes('--final') ? 'final' : 'tuning';
const fixture = set === 'tuning' ? 'entity-labels.json' : `entity-labels-${set}.json`;
const labels = JSON.parse(readFileSync(new URL(`../test/fixtures/${fixture}`, import.meta.url), 'utf8')) as LabelFile;
if (!existsSync(join(DATA, 'truth.json'))) {
  console.log(`no dataset at ${DATA}`);
  process.exit(0);
}
const truth = JSON.parse(readFileSync(join(DATA, 'truth.json'), 'utf8')) as { file: string; title: string; body: string }[];
const result = scoreEntities(labels, (file) => {
  const t = truth.find((x) => x.file === file);
  return t ? extractEntities(t.title, t.body, detectLanguage(t.body).language) : null;
});
console.log(`${fixture}: ${labels.articles.length} articles`);
console.log('| type | predicted | correct | precision | labelled | found | recall |');
console.log('|---|---|---|---|---|---|---|');
for (const [type, s] of Object.entries(result.byType)) {
  console.log(`| ${type} | ${s.predicted} | ${s.correct} | ${(s.correct / Math.max(1, s.predicted)).toFixed(2)} | ${s.labelled} | ${s.found} | ${(s.found / Math.max(1, s.labelled)).toFixed(2)} |`);
}
console.log(`overall precision ${result.precision.toFixed(2)}, recall ${result.recall.toFixed(2)}, any-type precision ${result.anyTypePrecision.toFixed(2)}`);
if (process.argv.includes('--details')) for (const line of result.details) console.log(line);
