// Checks the workspace's package graph as the code's own imports draw it: every `@ingest/*` import
// is declared in the importing package's package.json, every declared one is imported (by its
// sources or its tests), no service imports another service, and the graph has no cycle. `--graph` prints it (one line per package, its direct dependencies).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s+['"](@ingest\/[a-z0-9-]+)|import\(\s*['"](@ingest\/[a-z0-9-]+)/g;

interface Workspace {
  name: string;
  dir: string;
  kind: 'package' | 'service';
  declared: Set<string>;
  imported: Map<string, string>;
  /** @ingest/* imported by the workspace's tests (not part of the graph, but a reason to declare). */
  testImported: Set<string>;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|js|mjs)$/.test(entry)) out.push(path);
  }
  return out;
}

function workspaces(): Workspace[] {
  const out: Workspace[] = [];
  for (const kind of ['package', 'service'] as const) {
    const base = join(root, `${kind}s`);
    for (const entry of readdirSync(base)) {
      const dir = join(base, entry);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
      const declared = new Set(Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@ingest/')));
      const imported = new Map<string, string>();
      const src = join(dir, 'src');
      for (const file of statSync(src, { throwIfNoEntry: false }) ? sourceFiles(src) : []) {
        for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
          const dep = m[1] ?? m[2];
          if (dep && dep !== manifest.name && !imported.has(dep)) imported.set(dep, relative(root, file));
        }
      }
      const testImported = new Set<string>();
      const test = join(dir, 'test');
      for (const file of statSync(test, { throwIfNoEntry: false }) ? sourceFiles(test) : []) {
        for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) testImported.add((m[1] ?? m[2])!);
      }
      out.push({ name: manifest.name, dir: relative(root, dir), kind, declared, imported, testImported });
    }
  }
  return out;
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

const all = workspaces();
const byName = new Map(all.map((w) => [w.name, w]));
const problems: string[] = [];
for (const w of all) {
  for (const [dep, file] of w.imported) {
    const target = byName.get(dep);
    if (!target) problems.push(`${file} imports ${dep}, which is not a workspace`);
    else if (w.kind === 'service' && target.kind === 'service') problems.push(`${file}: service ${w.name} imports service ${dep}`);
    else if (w.kind === 'package' && target.kind === 'service') problems.push(`${file}: package ${w.name} imports service ${dep}`);
    if (!w.declared.has(dep)) problems.push(`${file} imports ${dep} but ${w.dir}/package.json does not declare it`);
  }
  // A declared dependency nothing imports would draw an edge the code does not have.
  for (const dep of w.declared) if (!w.imported.has(dep) && !w.testImported.has(dep)) problems.push(`${w.dir}/package.json declares ${dep}, which nothing in it imports`);
}
const graph = new Map(all.map((w) => [w.name, [...w.imported.keys()].sort()]));
const cycle = findCycle(graph);
if (cycle) problems.push(`dependency cycle: ${cycle.join(' -> ')}`);

if (process.argv.includes('--graph')) {
  for (const [name, deps] of [...graph].sort(([a], [b]) => a.localeCompare(b))) console.log(`${name} -> ${deps.map((d) => d.replace('@ingest/', '')).join(', ') || '(none)'}`);
}
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`package graph: ${all.length} workspaces, ${[...graph.values()].reduce((n, d) => n + d.length, 0)} edges, no cycle, every import declared and every declaration imported`);
