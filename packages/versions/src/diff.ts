export type DiffOp = { op: 'equal' | 'insert' | 'delete'; text: string };

/** Beyond this many cells the middle of two texts is shown as one replacement, not aligned word by word. */
const MAX_CELLS = 4_000_000;

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function push(out: DiffOp[], op: DiffOp['op'], w: string[]): void {
  if (w.length === 0) return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += ` ${w.join(' ')}`;
  else out.push({ op, text: w.join(' ') });
}

/**
 * Word-level diff (longest common subsequence), after trimming the common head and tail: a
 * corrected paragraph in a long article aligns only the changed middle, so it stays cheap.
 */
export function diffWords(from: string, to: string): DiffOp[] {
  const a = words(from);
  const b = words(to);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const out: DiffOp[] = [];
  push(out, 'equal', a.slice(0, head));
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  if (am.length * bm.length > MAX_CELLS) {
    push(out, 'delete', am);
    push(out, 'insert', bm);
  } else {
    middle(out, am, bm);
  }
  push(out, 'equal', a.slice(a.length - tail));
  return out;
}

function middle(out: DiffOp[], a: string[], b: string[]): void {
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..], one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[at(i, j)] = a[i] === b[j] ? lcs[at(i + 1, j + 1)]! + 1 : Math.max(lcs[at(i + 1, j)]!, lcs[at(i, j + 1)]!);
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push(out, 'equal', [a[i++]!]);
      j++;
    } else if (lcs[at(i + 1, j)]! >= lcs[at(i, j + 1)]!) push(out, 'delete', [a[i++]!]);
    else push(out, 'insert', [b[j++]!]);
  }
  push(out, 'delete', a.slice(i));
  push(out, 'insert', b.slice(j));
}

export function countWords(ops: readonly DiffOp[], op: DiffOp['op']): number {
  return ops.filter((o) => o.op === op).reduce((n, o) => n + words(o.text).length, 0);
}
