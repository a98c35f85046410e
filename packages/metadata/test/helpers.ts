import { parseDocument } from 'htmlparser2';
import { extractMetadata } from '../src/index.ts';
import type { PageMetadata } from '../src/index.ts';

export function extract(html: string, url = 'https://news.example.com/politik/2024/05/03/story-123.html'): PageMetadata {
  return extractMetadata(parseDocument(html), url);
}
