import { describe, expect, it } from 'vitest';
import { extract } from './helpers.ts';

function page(lastParagraph: string): string {
  return `<html><head><meta property="og:site_name" content="Example Times">
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"H","author":{"@type":"Organization","name":"Example Times"}}</script>
    </head><body><h1>H</h1><article><p>First paragraph of the story.</p><p>Second paragraph of the story.</p>${lastParagraph}</article>
    <aside><p><strong>Other Person</strong></p></aside></body></html>`;
}

describe('a sign-off at the end of the article', () => {
  it('names the writer when structured data names only the site', () => {
    expect(extract(page('<p style="text-align:right;"><strong>Jane Doe</strong></p>'), 'https://exampletimes.com/a').authors).toEqual(['Jane Doe']);
  });
  it('names the writer of a page without any other author', () => {
    const html = '<html><body><h1>H</h1><article><p>Story text.</p><p><b>Jane Doe</b></p></article></body></html>';
    expect(extract(html, 'https://exampletimes.com/a').authors).toEqual(['Jane Doe']);
  });
  it('is only a last paragraph that is nothing but a name in bold', () => {
    expect(extract(page('<p><strong>Read more</strong> about the story.</p>'), 'https://exampletimes.com/a').authors).toEqual(['Example Times']);
    expect(extract(page('<p><strong>Jane Doe</strong></p><p>The story continues here.</p>'), 'https://exampletimes.com/a').authors).toEqual(['Example Times']);
  });
});
