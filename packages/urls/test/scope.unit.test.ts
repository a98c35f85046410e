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
    ['[2001:db8::1]', '[2001:db8::1]'],
    ['192.168.0.10', '192.168.0.10'],
    ['foo.localhost', 'foo.localhost'],
    ['intranet', 'intranet'],
    // Public Suffix List, ICANN section: suffixes the old hand-written list did not know
    ['www.example.co.uk', 'example.co.uk'],
    ['a.b.kawasaki.jp', 'a.b.kawasaki.jp'],
    ['news.example.com.de', 'example.com.de'],
    // private section: every tenant is its own site
    ['alice.github.io', 'alice.github.io'],
    ['www.alice.github.io', 'alice.github.io'],
    ['x.myblog.blogspot.com', 'myblog.blogspot.com'],
    ['app.herokuapp.com', 'app.herokuapp.com'],
    ['site.netlify.app', 'site.netlify.app'],
    // a host that is itself a public suffix stays as it is
    ['github.io', 'github.io'],
    ['co.uk', 'co.uk'],
    // IDN: Unicode and punycode spellings agree (URL.hostname yields punycode)
    ['www.münchen.de', 'xn--mnchen-3ya.de'],
    ['www.xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['новости.пример.рф', 'xn--e1afmkfd.xn--p1ai'],
    ['news.example.xn--p1ai', 'example.xn--p1ai'],
  ])('%s → %s', (host, expected) => {
    expect(registrableDomain(host)).toBe(expected);
  });

  it('tenants of one hosting platform are different sites', () => {
    expect(registrableDomain('alice.github.io')).not.toBe(registrableDomain('bob.github.io'));
    expect(registrableDomain('a.blogspot.com')).not.toBe(registrableDomain('b.blogspot.com'));
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

  it('domain mode does not spread over other tenants of a hosting platform', () => {
    const scope = { mode: 'domain' as const, startUrls: ['https://alice.github.io/blog/'] };
    expect(inScope('https://alice.github.io/about', scope)).toBe(true);
    expect(inScope('https://www.alice.github.io/about', scope)).toBe(true);
    expect(inScope('https://bob.github.io/blog/', scope)).toBe(false);
    expect(inScope('https://github.io/', scope)).toBe(false);
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
