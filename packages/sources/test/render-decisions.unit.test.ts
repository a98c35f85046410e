import { describe, expect, it } from 'vitest';
import { decide, PLAIN_SAMPLE, RENDER_SAMPLE, urlPattern } from '../src/index.ts';

describe('urlPattern', () => {
  it('generalises the slug, numbers and ids, keeping the directories', () => {
    expect(urlPattern('https://news.example/js/story-1.html?x=1')).toBe('news.example/js/*');
    expect(urlPattern('https://news.example/2024/05/12/harbour-plan')).toBe('news.example/:n/:n/:n/*');
    expect(urlPattern('https://news.example/a/3f2a9c1e77/b/c/d')).toBe('news.example/a/:id/b/*');
    expect(urlPattern('https://news.example/')).toBe('news.example/');
    expect(urlPattern('https://news.example/Section/')).toBe('news.example/section/');
  });
});

describe('decide', () => {
  it('keeps learning until enough pages were compared', () => {
    expect(decide({ plainOk: 0, rendered: RENDER_SAMPLE - 1, changed: RENDER_SAMPLE - 1 })).toBe('learning');
    expect(decide({ plainOk: PLAIN_SAMPLE - 1, rendered: 0, changed: 0 })).toBe('learning');
  });
  it('renders a pattern where the browser changed the result for most sampled pages', () => {
    expect(decide({ plainOk: 0, rendered: RENDER_SAMPLE, changed: RENDER_SAMPLE })).toBe('render');
    expect(decide({ plainOk: 0, rendered: 4, changed: 2 })).toBe('render');
  });
  it('stops rendering where it changed nothing, and skips the render stage where plain pages always sufficed', () => {
    expect(decide({ plainOk: 0, rendered: RENDER_SAMPLE, changed: 0 })).toBe('plain');
    expect(decide({ plainOk: PLAIN_SAMPLE, rendered: 0, changed: 0 })).toBe('plain');
  });
});
