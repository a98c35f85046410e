// Per-process CPU and memory from /proc (Linux): the same reading for every process of both crawls,
// whatever language or runtime it is.
import { readFileSync } from 'node:fs';

const CLK_TCK = 100;

/** utime + stime of `pid` in seconds, or null once the process is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    // comm (field 2) may contain spaces; everything after its closing paren is space-separated.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

/** Resident set size of `pid` in MiB, or null once the process is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/** CPU seconds of a named set of processes between `start()` and `delta()`. */
export class CpuMeter {
  private readonly base: Record<string, number> = {};
  private readonly pids: Record<string, number>;
  constructor(pids: Record<string, number>) {
    this.pids = pids;
  }

  start(): void {
    for (const [name, pid] of Object.entries(this.pids)) this.base[name] = cpuSeconds(pid) ?? 0;
  }

  delta(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) out[name] = Math.round(((cpuSeconds(pid) ?? this.base[name]!) - this.base[name]!) * 100) / 100;
    return out;
  }

  rss(): Record<string, number | null> {
    return Object.fromEntries(Object.entries(this.pids).map(([name, pid]) => [name, rssMiB(pid)]));
  }
}
