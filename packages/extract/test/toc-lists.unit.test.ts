import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://wiki.example.org/Canal_locks';

const sections = [
  [
    'history',
    'History',
    'The first locks on the river were built of timber in the fourteenth century, and they were replaced by stone chambers once the trade in grain made the crossing worth the cost.',
  ],
  [
    'design',
    'Design',
    'A chamber is closed by two pairs of gates, and paddles in the gates let the water in or out slowly, so that a boat is lifted or lowered without being thrown against the walls.',
  ],
  [
    'operation',
    'Operation',
    'Keepers lived beside the larger locks and worked them by hand for a small fee, while the smaller ones on the side branches were left for the boat crews to work themselves.',
  ],
  ['today', 'Today', 'Most of the locks are now used by pleasure boats in the summer, and a trust that relies on volunteers keeps the gates, the paddles and the towpaths along the canal in repair.'],
];

const toc = `<div><h2>Contents</h2><ul>${sections.map(([id, h]) => `<li><a href="#${id}">${h}</a></li>`).join('')}</ul></div>`;
const body = sections.map(([id, h, p]) => `<h2 id="${id}">${h}</h2><p>${p}</p>`).join('');

describe('tables of contents', () => {
  it('a list of links to the page’s own sections stays in the body', () => {
    const html = `<html><body><article><h1>Canal locks</h1><p>A lock raises and lowers boats between stretches of water at different levels on rivers and canals, and it is the oldest machine still in daily use on the waterways.</p>${toc}${body}</article></body></html>`;
    const blocks = extractArticle(html, url).blocks;
    const list = blocks.find((b) => b.type === 'list');
    expect(list?.items).toEqual(['History', 'Design', 'Operation', 'Today']);
    expect(blocks.some((b) => b.type === 'heading' && b.text === 'Contents')).toBe(true);
  });

  it('a lone link to an anchor is still a control, not text', () => {
    const html = `<html><body><article><h1>Canal locks</h1>${body}<ul><li><a href="#comments">Jump to the comments</a></li></ul></article></body></html>`;
    expect(extractArticle(html, url).text).not.toContain('Jump to the comments');
  });
});
