import { describe, expect, it } from 'vitest';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { isHomeLinkHeading } from '../src/home-link.ts';
import { extract } from './helpers.ts';

const URL = 'https://kitchen.example.org/2024/05/pasta-with-lemon/';

function h1(html: string): Element {
  const el = DomUtils.findOne((e) => e.name === 'h1', parseDocument(html).children);
  if (!el) throw new Error('fixture has no h1');
  return el;
}

describe('isHomeLinkHeading', () => {
  it('flags a heading that is only a link to the home page', () => {
    expect(isHomeLinkHeading(h1('<h1 class="site-title"><a href="https://kitchen.example.org/" rel="home">Kitchen Notes</a></h1>'), URL)).toBe(true);
    expect(isHomeLinkHeading(h1('<a href="/"><h1>Kitchen Notes</h1></a>'), URL)).toBe(true);
  });
  it('leaves a heading linking to the article, or holding more than the link', () => {
    expect(isHomeLinkHeading(h1('<h1><a href="/2024/05/pasta-with-lemon/">Pasta with lemon</a></h1>'), URL)).toBe(false);
    expect(isHomeLinkHeading(h1('<h1><a href="/">Kitchen Notes</a>: Pasta with lemon</h1>'), URL)).toBe(false);
    expect(isHomeLinkHeading(h1('<h1><a href="https://elsewhere.example.com/">Pasta with lemon</a></h1>'), URL)).toBe(false);
  });
});

describe('the site heading of a page without og:site_name', () => {
  const page = `<html><head><title>Pasta with lemon | Kitchen Notes</title></head><body>
    <header><h1 class="site-title"><a href="https://kitchen.example.org/" rel="home">Kitchen Notes</a></h1></header>
    <article><h2 class="entry-title">Pasta with lemon</h2><p>Boil the pasta.</p></article></body></html>`;
  it('is not taken for the headline, and names the site in the <title>', () => {
    expect(extract(page, URL).title).toBe('Pasta with lemon');
  });
});
