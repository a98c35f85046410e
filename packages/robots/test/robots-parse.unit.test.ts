import { describe, expect, it } from 'vitest';
import { isAllowedBy, parseRobots, patternMatches, policyFor, productToken, ROBOTS_MAX_BYTES } from '../src/index.ts';

const UA = 'IngestBot/1.0 (+https://example.org/bot)';

describe('patternMatches', () => {
  it.each([
    ['/', '/anything', true],
    ['/fish', '/fish.html', true],
    ['/fish', '/Fish', false],
    ['/fish*', '/fishheads/yummy', true],
    ['/fish/', '/fish', false],
    ['/*.php', '/index.php', true],
    ['/*.php', '/folder/any.php.file.html', true],
    ['/*.php', '/windows.PHP', false],
    ['/*.php$', '/filename.php', true],
    ['/*.php$', '/filename.php?params', false],
    ['/*.php$', '/filename.php5', false],
    ['/fish*.php', '/fishheads/catfish.php?p', true],
    ['/fish*.php', '/Fish.PHP', false],
    ['/$', '/', true],
    ['/$', '/a', false],
    ['*', '/x', true],
    ['/a*b*c$', '/a-b-c', true],
    ['/a*b*c$', '/a-c-b', false],
    ['/ab*b$', '/ab', false],
    ['/ab*b$', '/abb', true],
  ])('%s vs %s → %s', (pattern, path, expected) => {
    expect(patternMatches(pattern, path)).toBe(expected);
  });

  it('stays fast on hostile patterns', () => {
    const pattern = '/' + 'a*'.repeat(200) + 'b';
    const path = '/' + 'a'.repeat(5000);
    const t0 = performance.now();
    expect(patternMatches(pattern, path)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(50);
  });
});

describe('parseRobots', () => {
  it('groups consecutive user-agent lines and picks our product token case-insensitively', () => {
    const robots = parseRobots(
      [
        'User-agent: *',
        'Disallow: /private/',
        '',
        'User-agent: OtherBot',
        'User-agent: ingestbot',
        'Disallow: /archive/',
        'Allow: /archive/public/',
        'Crawl-delay: 2.5',
        '',
        'User-agent: Googlebot',
        'Disallow: /',
      ].join('\n'),
    );
    expect(robots.groups.map((g) => g.agents)).toEqual([['*'], ['otherbot', 'ingestbot'], ['googlebot']]);
    const ours = policyFor(robots, UA);
    expect(ours.isAllowed('/private/x')).toBe(true); // our group replaces '*', it does not add to it
    expect(ours.isAllowed('/archive/2020')).toBe(false);
    expect(ours.isAllowed('/archive/public/a')).toBe(true);
    expect(ours.crawlDelaySeconds).toBe(2.5);
    const other = policyFor(robots, 'SomeCrawler/3');
    expect(other.isAllowed('/private/x')).toBe(false);
    expect(other.isAllowed('/archive/2020')).toBe(true);
    expect(other.crawlDelaySeconds).toBeNull();
  });

  it('merges several groups for the same agent', () => {
    const robots = parseRobots('User-agent: ingestbot\nDisallow: /a\n\nUser-agent: *\nDisallow: /\n\nUser-agent: IngestBot\nDisallow: /b\n');
    const p = policyFor(robots, UA);
    expect(p.isAllowed('/a')).toBe(false);
    expect(p.isAllowed('/b')).toBe(false);
    expect(p.isAllowed('/c')).toBe(true);
  });

  it('longest match wins, allow wins ties', () => {
    const rules = parseRobots('User-agent: *\nAllow: /p\nDisallow: /\nDisallow: /folder/\nAllow: /folder/page\nAllow: /page\nDisallow: /*.htm\nAllow: /$\nDisallow: /tie\nAllow: /tie\n').groups[0]!
      .rules;
    expect(isAllowedBy(rules, '/page')).toBe(true);
    expect(isAllowedBy(rules, '/folder/page')).toBe(true);
    expect(isAllowedBy(rules, '/folder/other')).toBe(false);
    expect(isAllowedBy(rules, '/page.htm')).toBe(false);
    expect(isAllowedBy(rules, '/')).toBe(true);
    expect(isAllowedBy(rules, '/x')).toBe(false);
    expect(isAllowedBy(rules, '/tie')).toBe(true);
  });

  it('ignores empty Disallow, comments, rules outside groups and unknown lines', () => {
    const robots = parseRobots('Disallow: /before-any-group\n# comment\nUser-agent: * # all\nDisallow:\nFoo: bar\nDisallow: /x # trailing\n');
    const p = policyFor(robots, UA);
    expect(p.isAllowed('/before-any-group')).toBe(true);
    expect(p.isAllowed('/x')).toBe(false);
    expect(p.isAllowed('/y')).toBe(true);
  });

  it('allows everything with no matching group and always allows /robots.txt', () => {
    expect(policyFor(parseRobots('User-agent: OtherBot\nDisallow: /\n'), UA).isAllowed('/x')).toBe(true);
    expect(policyFor(parseRobots('User-agent: *\nDisallow: /\n'), UA).isAllowed('/robots.txt')).toBe(true);
    expect(policyFor(parseRobots(''), UA).isAllowed('/x')).toBe(true);
  });

  it('matches percent-encoded and non-ASCII paths consistently', () => {
    const p = policyFor(parseRobots('User-agent: *\nDisallow: /café\nDisallow: /%7Euser\nDisallow: /a%2fb\n'), UA);
    expect(p.isAllowed('/caf%C3%A9/menu')).toBe(false);
    expect(p.isAllowed('/~user/x')).toBe(false);
    expect(p.isAllowed('/a%2Fb')).toBe(false);
    expect(p.isAllowed('/a/b')).toBe(true);
  });

  it('collects absolute sitemaps', () => {
    const robots = parseRobots(
      'Sitemap: https://example.com/sitemap.xml\nUser-agent: *\nSitemap: /news-sitemap.xml\nDisallow: /x\nsitemap: https://example.com/sitemap.xml\n',
      'https://example.com/robots.txt',
    );
    expect(robots.sitemaps).toEqual(['https://example.com/sitemap.xml', 'https://example.com/news-sitemap.xml']);
    // A sitemap line does not end the user-agent group.
    expect(policyFor(robots, UA).isAllowed('/x')).toBe(false);
  });

  it('handles CRLF, BOM-less bytes and misspellings', () => {
    const robots = parseRobots(Buffer.from('useragent: *\r\ndissallow: /old\r\n'));
    expect(policyFor(robots, UA).isAllowed('/old/page')).toBe(false);
  });

  it('parses only the first 500 KiB', () => {
    const filler = '# ' + 'x'.repeat(100) + '\n';
    const head = 'User-agent: *\nDisallow: /early\n';
    const text = head + filler.repeat(Math.ceil(ROBOTS_MAX_BYTES / filler.length) + 10) + 'Disallow: /late\n';
    const p = policyFor(parseRobots(Buffer.from(text)), UA);
    expect(p.isAllowed('/early')).toBe(false);
    expect(p.isAllowed('/late')).toBe(true);
  });

  it('extracts product tokens', () => {
    expect(productToken('IngestBot/1.0 (+https://x)')).toBe('ingestbot');
    expect(productToken('my_bot-2')).toBe('my_bot-');
    expect(productToken('Mozilla/5.0 (compatible; IngestBot/1.0; +https://example.org/bot)')).toBe('ingestbot');
    const robots = parseRobots('User-agent: ingestbot\nDisallow: /\n');
    expect(policyFor(robots, 'Mozilla/5.0 (compatible; IngestBot/1.0)').isAllowed('/x')).toBe(false);
  });
});
