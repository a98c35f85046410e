// File-size figures of the source (packages/ and services/, tests left out), as the issue on
// readable files asks for them: how many files, median and largest line count.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'test') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = ['packages', 'services'].flatMap((d) => sources(join(root, d))).map((f) => ({ file: relative(root, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }));
const sorted = files.map((f) => f.lines).sort((a, b) => a - b);
const mid = sorted.length / 2;
const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
const largest = files.sort((a, b) => b.lines - a.lines).slice(0, 3);
console.log(`${files.length} .ts source files, ${sorted.reduce((s, n) => s + n, 0)} lines; median ${median}, max ${sorted.at(-1)} (${largest.map((f) => `${f.file} ${f.lines}`).join(', ')})`);
