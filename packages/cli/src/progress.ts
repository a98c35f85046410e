import type { CliIO } from './io.ts';

/**
 * One status line redrawn in place on a terminal; on a pipe (CI, logs) a line every few seconds
 * so long work still shows progress without flooding.
 */
export class ProgressLine {
  private readonly out: CliIO['stderr'];
  private lastPrinted = -Infinity;
  private lastLine = '';

  constructor(out: CliIO['stderr']) {
    this.out = out;
  }

  update(line: string): void {
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line}`);
    } else if (line !== this.lastLine && performance.now() - this.lastPrinted > 3_000) {
      this.out.write(`${line}\n`);
      this.lastPrinted = performance.now();
    }
    this.lastLine = line;
  }

  done(): void {
    if (this.out.isTTY && this.lastLine) this.out.write('\n');
  }
}

export function bar(done: number, total: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(ratio * 100)}%`;
}
