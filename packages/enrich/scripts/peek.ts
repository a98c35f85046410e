import { readFileSync } from 'node:fs';
import { enrichText } from '../src/index.ts';
const truth = JSON.parse(readFileSync('/work/shared/datasets/fundus-dev/truth.json','utf8'));
const pick = process.argv.slice(2);
let t0 = performance.now();
for (const t of truth) {
  if (pick.length && !pick.some(p => t.file.includes(p))) continue;
  const e = enrichText({ title: t.title ?? '', text: t.body ?? '', declaredLanguage: null });
  console.log(t.file, e.language, e.languageConfidence, e.wordCount, e.readingTimeMinutes, '\n  P:', e.entities.people.join('; '), '\n  O:', e.entities.organizations.join('; '), '\n  L:', e.entities.places.join('; '), '\n  K:', e.keywords.join('; '));
}
console.error('ms', performance.now()-t0);
