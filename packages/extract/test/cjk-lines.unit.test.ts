import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/index.ts';
import { isLeadIn, isStrayLabel, wordCount } from '../src/filters.ts';

describe('lines without spaces between words (Chinese, Japanese)', () => {
  it('count about one word per three characters', () => {
    expect(wordCount('山路沿著溪谷一路向上走到盡頭')).toBe(5);
    expect(wordCount('Hello 世界')).toBe(2);
    expect(wordCount('plain english words')).toBe(3);
  });

  it('are not stray labels when they are a sentence, but short labels still are', () => {
    expect(isStrayLabel('山路沿著溪谷一路向上走到盡頭')).toBe(false);
    expect(isStrayLabel('广告')).toBe(true);
    expect(isStrayLabel('Share this')).toBe(true);
  });

  it('announce what follows when short and unpunctuated', () => {
    expect(isLeadIn('更多相关推荐', false)).toBe(true);
    expect(isLeadIn('我们在山上住了一晚。', false)).toBe(false);
    expect(isLeadIn('Nice weather', false)).toBe(false);
  });

  it('keep short sentences of a post written line by line, and drop the label of a removed link list', () => {
    const lines = ['清晨的山谷裡霧氣還沒散去', '我們沿著溪邊的小路慢慢往上走', '路旁的楓樹已經轉成金黃色', '中午在營地煮了一鍋熱湯', '晚上的星空比城市裡清楚許多', '隔天早上收拾好帳篷才下山'];
    const teasers = [1, 2, 3, 4].map((i) => `<li><a href="/post/${i}">另一篇露營遊記的標題第${i}篇</a></li>`).join('');
    const html = `<html><body><article><h1>山上露營</h1>${lines.map((l) => `<p>${l}</p>`).join('')}<p>更多相关推荐</p><ul>${teasers}</ul></article></body></html>`;
    const r = extractArticle(html, 'https://blog.example.tw/post/9');
    for (const l of lines) expect(r.text).toContain(l);
    expect(r.text).not.toContain('更多相关推荐');
    expect(r.text).not.toContain('另一篇');
  });
});
