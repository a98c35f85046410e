import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://docs.example.dev/guide/collaboration';
const P = (s: string): string => `<p>${s} The guide explains it step by step, with commands, examples, and the reasons behind each choice.</p>`;

describe('section ids made from the heading text', () => {
  it('do not mark a chapter as template even when they contain template words', () => {
    const html = `<html><body><div class="document"><h1>Collaboration guide</h1>${P('Intro.')}${P('Setup one.')}${P('Setup two.')}${P('Setup three.')}${P('Setup four.')}
      <div class="section" id="sharing-work-with-a-reviewer"><h2>Sharing work with a reviewer</h2>${P('Sharing one.')}${P('Sharing two.')}</div>
      <div class="section" id="publishing-and-private-repositories"><h2>Publishing and private repositories</h2>${P('Publishing one.')}</div>
      ${P('Outro.')}</div></body></html>`;
    const r = extractArticle(html, url);
    expect(r.text).toContain('Sharing two.');
    expect(r.text).toContain('Publishing one.');
  });

  it('still exclude a box whose short label is its id', () => {
    const html = `<html><body><article><h1>Story</h1>${P('One.')}${P('Two.')}${P('Three.')}
      <section id="related-posts"><h3>Related posts</h3><p>A paragraph in the related box that is long enough to count as prose, with commas.</p></section></article></body></html>`;
    expect(extractArticle(html, url).text).not.toContain('related box');
  });

  it('still exclude an id that is not the heading of its element', () => {
    const html = `<html><body><article><h1>Story</h1>${P('One.')}${P('Two.')}${P('Three.')}
      <div id="social-share-buttons-bar"><h3>Spread the word</h3><p>Tell your friends about this story on every network you use, today and tomorrow.</p></div></article></body></html>`;
    expect(extractArticle(html, url).text).not.toContain('Tell your friends');
  });
});
