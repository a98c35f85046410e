import { describe, expect, it } from 'vitest';
import { leadImage } from '../src/extract/build-document.ts';

const fig = (src: string, caption = '', credit = '') => ({ src, alt: '', caption, credit });

describe('leadImage', () => {
  it('fills caption and credit from the article figure of the same picture in another rendition', () => {
    const declared = { url: 'https://cdn.example.org/2024/storm-1200x630.jpg', caption: null, credit: null };
    const images = [fig('https://cdn.example.org/2024/other.jpg', 'Not this'), fig('https://cdn.example.org/2024/storm-800x450.webp?q=80', 'Waves on the pier', 'AP')];
    expect(leadImage(declared, images)).toEqual({ url: declared.url, caption: 'Waves on the pier', credit: 'AP' });
  });

  it('keeps what the metadata says, and does not borrow from a different picture', () => {
    const declared = { url: 'https://cdn.example.org/harbour.jpg', caption: 'From JSON-LD', credit: null };
    expect(leadImage(declared, [fig('https://cdn.example.org/harbour.jpg', 'Figure caption', 'Reuters')])).toEqual({ url: declared.url, caption: 'From JSON-LD', credit: 'Reuters' });
    expect(leadImage(declared, [fig('https://cdn.example.org/market.jpg', 'Other', 'X')])).toEqual(declared);
  });

  it('without a declared image, the article first image', () => {
    expect(leadImage(null, [fig('https://x.org/1.jpg', 'One', 'Me'), fig('https://x.org/2.jpg')])).toEqual({ url: 'https://x.org/1.jpg', caption: 'One', credit: 'Me' });
    expect(leadImage(null, [])).toBeNull();
  });
});
