import type { Block } from './types.ts';
import type { PageTable } from './walk.ts';
import { F_PRE } from './walk.ts';
import { blockFingerprint } from './fingerprint.ts';

// Turns the kept text atoms (document order) into typed blocks. Consecutive atoms of one list,
// table or quote are merged; the structure comes from the context arrays filled during the walk.

function isDataTable(t: PageTable, tbl: number): boolean {
  // Layout tables (old templates) hold whole paragraphs; data tables hold short cells.
  const end = t.end[tbl]!;
  for (let i = tbl + 1; i < end; i++) if (t.tag[i] === 'table') return false;
  return true;
}

export function buildBlocks(t: PageTable, kept: number[], rootMin: number): Block[] {
  const blocks: Block[] = [];
  const { atoms, heading, list, item, table, row, quote, caption, flags, tag } = t;
  const dataTable = new Map<number, boolean>();
  let curKind = '';
  let curKey = -1;
  let curSub = -1;
  let cur: Block | undefined;

  const open = (b: Block, kind: string, key: number, sub: number): void => {
    blocks.push(b);
    cur = b;
    curKind = kind;
    curKey = key;
    curSub = sub;
  };

  for (const k of kept) {
    const a = atoms[k]!;
    const o = a.owner;
    if (o < 0) {
      open({ type: 'paragraph', text: a.text, fingerprint: '' }, 'p', -1, -1);
      continue;
    }
    const h = heading[o]!;
    const tbl = table[o]!;
    let isTable = false;
    if (tbl >= rootMin && tbl >= 0) {
      let d = dataTable.get(tbl);
      if (d === undefined) {
        d = isDataTable(t, tbl) && table[o] === tbl;
        dataTable.set(tbl, d);
      }
      isTable = d && a.len < 400;
    }
    if ((flags[o]! & F_PRE) !== 0) {
      if (curKind === 'code') cur!.text += '\n' + a.text;
      else open({ type: 'code', text: a.text, fingerprint: '' }, 'code', -1, -1);
    } else if (isTable) {
      const r = row[o]!;
      if (curKind === 'table' && curKey === tbl) {
        const rows = cur!.rows!;
        if (curSub === r) rows[rows.length - 1]!.push(a.text);
        else rows.push([a.text]);
        curSub = r;
      } else open({ type: 'table', text: '', rows: [[a.text]], fingerprint: '' }, 'table', tbl, r);
    } else if (h > 0 && /^h[1-6]$/.test(tag[o]!)) {
      open({ type: 'heading', text: a.text, level: h, fingerprint: '' }, 'h', o, -1);
    } else if (caption[o]! >= 0 && caption[o]! >= rootMin) {
      const c = caption[o]!;
      if (curKind === 'caption' && curKey === c) cur!.text += ' ' + a.text;
      else open({ type: 'caption', text: a.text, fingerprint: '' }, 'caption', c, -1);
    } else if (list[o]! >= rootMin && list[o]! >= 0 && item[o]! >= 0) {
      const l = list[o]!;
      const it = item[o]!;
      if (curKind === 'list' && curKey === l) {
        const items = cur!.items!;
        if (curSub === it) items[items.length - 1] += ' ' + a.text;
        else items.push(a.text);
        curSub = it;
      } else open({ type: 'list', text: '', items: [a.text], fingerprint: '' }, 'list', l, it);
    } else if (quote[o]! >= 0 && quote[o]! >= rootMin) {
      const q = quote[o]!;
      if (curKind === 'quote' && curKey === q) cur!.text += '\n' + a.text;
      else open({ type: 'quote', text: a.text, fingerprint: '' }, 'quote', q, -1);
    } else {
      open({ type: 'paragraph', text: a.text, fingerprint: '' }, 'p', -1, -1);
    }
  }
  for (const b of blocks) {
    if (b.type === 'list') b.text = b.items!.join('\n');
    else if (b.type === 'table') b.text = b.rows!.map((r) => r.join(' | ')).join('\n');
    b.fingerprint = blockFingerprint(b.text);
  }
  return blocks;
}
