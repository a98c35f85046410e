import type { Block } from './types.ts';

// Markdown for humans and LLM consumers; characters that would turn text into markup are escaped
// only where they would be misread (line starts), to keep the output readable.

function escapeLineStart(s: string): string {
  return s.replace(/^([#>*+-]|\d+\.)(\s)/gm, '\\$1$2');
}

export function toMarkdown(blocks: Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'heading':
        out.push('#'.repeat(Math.min(6, Math.max(1, b.level ?? 2))) + ' ' + b.text.replace(/\n/g, ' '));
        break;
      case 'list':
        out.push((b.items ?? [b.text]).map((i) => '- ' + i.replace(/\n/g, ' ')).join('\n'));
        break;
      case 'quote':
        out.push(
          b.text
            .split('\n')
            .map((l) => '> ' + l)
            .join('\n'),
        );
        break;
      case 'code': {
        const fence = b.text.includes('```') ? '~~~~' : '```';
        out.push(fence + '\n' + b.text + '\n' + fence);
        break;
      }
      case 'table': {
        const rows = b.rows ?? [[b.text]];
        const width = Math.max(...rows.map((r) => r.length));
        const cell = (s: string | undefined): string => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
        const lines = rows.map((r) => '| ' + Array.from({ length: width }, (_, i) => cell(r[i])).join(' | ') + ' |');
        lines.splice(1, 0, '|' + ' --- |'.repeat(width));
        out.push(lines.join('\n'));
        break;
      }
      case 'caption':
        out.push('*' + b.text.replace(/\n/g, ' ').replace(/\*/g, '\\*') + '*');
        break;
      default:
        out.push(escapeLineStart(b.text).replace(/\n/g, '  \n'));
    }
  }
  return out.join('\n\n');
}
