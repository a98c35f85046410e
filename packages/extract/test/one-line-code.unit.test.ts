import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';

const url = 'https://blog.example.org/2024/getting-started';

const before = 'The library is published on the package index, so the quickest way to try it is to add it to an existing project with the package manager you already use.';
const after = 'Once it is installed, run the setup command and answer its three questions.';

// A one-line code block has the shape of a stray label (a few words, no full stop) but is part of
// the instructions around it.
describe('one-line code blocks', () => {
  it('are kept between paragraphs', () => {
    const html = `<html><body><article><h1>Getting started</h1><p>${before}</p><pre><code>poetry add yapapi</code></pre><p>${after}</p></article></body></html>`;
    expect(extractArticle(html, url).text.split('\n\n')).toEqual([before, 'poetry add yapapi', after]);
  });
});
