import { readdirSync, readFileSync } from 'node:fs';

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The browser's process (found by the marker switch we launch it with) and every process below it (renderers, GPU, utility). */
export function processTree(marker: string): number[] {
  const parents = new Map<number, number>();
  let root: number | null = null;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) continue;
    // The command name may hold spaces and parentheses; the fields after its last ")" are fixed.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    parents.set(pid, ppid);
    if (root === null && read(`/proc/${pid}/cmdline`)?.split('\0').includes(marker)) root = pid;
  }
  if (root === null) return [];
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/**
 * Memory of a process tree in bytes: proportional set size (shared pages split between the
 * processes sharing them), so the browser's shared libraries are not counted once per renderer.
 * Falls back to resident size where smaps_rollup is not readable.
 */
export function treeMemoryBytes(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    const rollup = read(`/proc/${pid}/smaps_rollup`);
    const pss = rollup ? /^Pss:\s+(\d+) kB/m.exec(rollup) : null;
    if (pss) {
      total += Number(pss[1]) * 1024;
      continue;
    }
    const status = read(`/proc/${pid}/status`);
    const rss = status ? /^VmRSS:\s+(\d+) kB/m.exec(status) : null;
    if (rss) total += Number(rss[1]) * 1024;
  }
  return total;
}
