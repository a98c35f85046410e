import { describe, expect, it } from 'vitest';
import { extract } from './helpers.ts';

function page(og: string, title: string): string {
  return `<html><head><title>${title}</title><meta property="og:title" content="${og}"><meta name="twitter:title" content="${og}"></head><body><p>Text</p></body></html>`;
}

describe('truncated titles', () => {
  it('gives a title cut off with an ellipsis the whole headline another source carries', () => {
    const md = extract(page('Flood waters reach the old town as the river…', 'Flood waters reach the old town as the river keeps rising | Example News'));
    expect(md.title).toBe('Flood waters reach the old town as the river keeps rising');
  });
  it('accepts three dots for the ellipsis', () => {
    const md = extract(page('Flood waters reach the old town as the riv...', 'Flood waters reach the old town as the river keeps rising | Example News'));
    expect(md.title).toBe('Flood waters reach the old town as the river keeps rising');
  });
  it('keeps a headline that ends in an ellipsis of its own', () => {
    const md = extract(page('Three films to watch this week: «Dune», «Alien»…', 'Three films to watch this week: «Dune», «Alien»… - Culture / Next'));
    expect(md.title).toBe('Three films to watch this week: «Dune», «Alien»…');
  });
  it('keeps a shorter title without an ellipsis: a variant, not a cut', () => {
    const md = extract(page('Council approves the new budget', 'Council approves the new budget after a long night | Example News'));
    expect(md.title).toBe('Council approves the new budget');
  });
});
