import { describe, expect, it } from 'vitest';
import { inScope, registrableDomain, createScopeMatcher } from '../src/index.ts';

describe('registrableDomain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['www.example.com', 'example.com'],
    ['a.b.example.com', 'example.com'],
    ['news.bbc.co.uk', 'bbc.co.uk'],
    ['bbc.co.uk', 'bbc.co.uk'],
    ['www.smh.com.au', 'smh.com.au'],
    ['WWW.Example.COM.', 'example.com'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '[::1]'],
  ])('%s → %s', (host, expected) => {
    expect(registrableDomain(host)).toBe(expected);
  });
});

describe('inScope', () => {
  const start = ['https://www.example.com/news/'];

  it('host mode: same host, www ignored, subdomains excluded', () => {
    const scope = { mode: 'host' as const, startUrls: start };
    expect(inScope('https://www.example.com/x', scope)).toBe(true);
    expect(inScope('http://example.com/x', scope)).toBe(true);
    expect(inScope('https://blog.example.com/x', scope)).toBe(false);
    expect(inScope('https://other.org/x', scope)).toBe(false);
  });

  it('domain mode: any subdomain of the registrable domain', () => {
    const scope = { mode: 'domain' as const, startUrls: ['https://news.bbc.co.uk/'] };
    expect(inScope('https://www.bbc.co.uk/a', scope)).toBe(true);
    expect(inScope('https://bbc.co.uk/a', scope)).toBe(true);
    expect(inScope('https://itv.co.uk/a', scope)).toBe(false);
  });

  it('path prefixes, include and exclude', () => {
    const scope = {
      mode: 'host' as const,
      startUrls: start,
      pathPrefixes: ['/news/', '/archive/'],
      include: ['/\\d{4}/'],
      exclude: ['\\?page=', '/tag/'],
    };
    expect(inScope('https://www.example.com/news/2024/story', scope)).toBe(true);
    expect(inScope('https://www.example.com/archive/1999/x', scope)).toBe(true);
    expect(inScope('https://www.example.com/sport/2024/story', scope)).toBe(false);
    expect(inScope('https://www.example.com/news/story', scope)).toBe(false);
    expect(inScope('https://www.example.com/news/2024/tag/x', scope)).toBe(false);
    expect(inScope('https://www.example.com/news/2024/?page=2', scope)).toBe(false);
  });

  it('rejects non-http and garbage', () => {
    const m = createScopeMatcher({ mode: 'host', startUrls: start });
    expect(m('ftp://www.example.com/')).toBe(false);
    expect(m('nonsense')).toBe(false);
  });
});
