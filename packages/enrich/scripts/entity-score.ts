/** Scoring predicted entities against hand labels: same type, names equal after folding or one containing the other as whole words ("Raab" ⊂ "Susanne Raab"). */
import type { Entities } from '../src/index.ts';

export interface LabelFile {
  articles: ({ file: string } & Entities)[];
}

interface TypeScore {
  predicted: number;
  correct: number;
  labelled: number;
  found: number;
}

const TYPES = ['people', 'organizations', 'places'] as const;

function fold(s: string): string {
  return ` ${s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

function same(a: string, b: string): boolean {
  const fa = fold(a);
  const fb = fold(b);
  return fa === fb || fa.includes(fb) || fb.includes(fa);
}

export function scoreEntities(labels: LabelFile, predict: (file: string) => Entities | null) {
  const byType: Record<string, TypeScore> = {};
  const details: string[] = [];
  let anyCorrect = 0;
  let anyPredicted = 0;
  for (const a of labels.articles) {
    const p = predict(a.file);
    if (!p) continue;
    const allLabels = TYPES.flatMap((t) => a[t]);
    for (const type of TYPES) {
      const s = (byType[type] ??= { predicted: 0, correct: 0, labelled: 0, found: 0 });
      const wrong = p[type].filter((x) => !a[type].some((l) => same(x, l)));
      const missed = a[type].filter((l) => !p[type].some((x) => same(x, l)));
      s.predicted += p[type].length;
      s.correct += p[type].length - wrong.length;
      s.labelled += a[type].length;
      s.found += a[type].length - missed.length;
      anyPredicted += p[type].length;
      anyCorrect += p[type].filter((x) => allLabels.some((l) => same(x, l))).length;
      if (wrong.length || missed.length) details.push(`${a.file} ${type}: wrong ${JSON.stringify(wrong)} missed ${JSON.stringify(missed)}`);
    }
  }
  const sum = (k: keyof TypeScore): number => Object.values(byType).reduce((n, s) => n + s[k], 0);
  return {
    byType,
    details,
    precision: sum('correct') / Math.max(1, sum('predicted')),
    recall: sum('found') / Math.max(1, sum('labelled')),
    anyTypePrecision: anyCorrect / Math.max(1, anyPredicted),
  };
}
