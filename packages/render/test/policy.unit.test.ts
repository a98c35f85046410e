import { describe, expect, it } from 'vitest';
import { acceptPattern, blockReason, BrowserMissingError, parseBlockList, resolveChromium } from '../src/index.ts';

describe('acceptPattern', () => {
  it('matches a whole "accept" name in the page language or English', () => {
    expect(acceptPattern('de-DE').test('Alle akzeptieren')).toBe(true);
    expect(acceptPattern('fr').test('Tout accepter')).toBe(true);
    expect(acceptPattern('fr').test('Accept all')).toBe(true);
    expect(acceptPattern(null).test('  I agree. ')).toBe(true);
  });
  it('never matches a longer label that merely contains the word', () => {
    expect(acceptPattern('en').test('Learn how we accept cookies')).toBe(false);
    expect(acceptPattern('de').test('Einstellungen')).toBe(false);
  });
});

describe('blockReason', () => {
  const page = 'https://news.example.co.uk/a/story.html';
  const block = parseBlockList('trackers,fonts,media,third-party');
  it('blocks trackers by list, including subdomains, and fonts and media by type', () => {
    expect(blockReason('https://www.googletagmanager.com/gtm.js', 'script', page, block)).toBe('trackers');
    expect(blockReason('https://stats.g.doubleclick.net/x', 'image', page, block)).toBe('trackers');
    expect(blockReason('https://news.example.co.uk/f.woff2', 'font', page, block)).toBe('fonts');
    expect(blockReason('https://news.example.co.uk/v.mp4', 'media', page, block)).toBe('media');
  });
  it('third-party means another registrable domain (Public Suffix List), not another host', () => {
    expect(blockReason('https://cdn.example.co.uk/app.js', 'script', page, block)).toBeNull();
    expect(blockReason('https://other.co.uk/app.js', 'script', page, block)).toBe('third-party');
  });
  it('loads everything with an empty setting, and refuses unknown classes', () => {
    expect(blockReason('https://www.googletagmanager.com/gtm.js', 'script', page, parseBlockList(''))).toBeNull();
    expect(() => parseBlockList('trackers,ads')).toThrow(/unknown class "ads"/);
  });
});

describe('resolveChromium', () => {
  it('finds a name on PATH and takes a path as given', () => {
    expect(resolveChromium('sh', '/nonexistent:/bin')).toBe('/bin/sh');
    expect(resolveChromium('/bin/sh')).toBe('/bin/sh');
  });
  it('says to apt-get install chromium when it is missing', () => {
    expect(() => resolveChromium('chromium', '/nonexistent')).toThrow(BrowserMissingError);
    expect(() => resolveChromium('/opt/none/chromium')).toThrow(/apt-get install chromium/);
  });
});
