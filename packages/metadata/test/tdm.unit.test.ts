import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { extractTdm } from '../src/index.ts';

const url = 'https://news.example/story.html';
const page = (head: string, body = '') => parseDocument(`<!doctype html><html><head><title>Story</title>${head}</head><body>${body}<p>Text</p></body></html>`);

describe('TDMRep reservations', () => {
  it('reads the meta tags, resolving the policy against the page', () => {
    expect(extractTdm(page('<meta name="TDM-Reservation" content=" 1 "><meta name="tdm-policy" content="/tdm/policy.json">'), url)).toEqual({
      reserved: true,
      policy: 'https://news.example/tdm/policy.json',
      source: 'meta',
    });
    expect(extractTdm(page('<meta name="tdm-reservation" content="0"><meta name="tdm-policy" content="/p.json">'), url)).toEqual({ reserved: false, policy: null, source: 'meta' });
  });

  it('gives the HTTP headers precedence over the meta tags', () => {
    const doc = page('<meta name="tdm-reservation" content="0">');
    expect(extractTdm(doc, url, { reservation: '1', policy: 'https://rights.example/policy' })).toEqual({ reserved: true, policy: 'https://rights.example/policy', source: 'header' });
    expect(extractTdm(page('<meta name="tdm-reservation" content="1">'), url, { reservation: '0' })).toMatchObject({ reserved: false, source: 'header' });
  });

  it('ignores values other than 0 and 1, non-http policies and tags in the body', () => {
    expect(extractTdm(page('<meta name="tdm-reservation" content="yes">'), url)).toEqual({ reserved: false, policy: null, source: null });
    expect(extractTdm(page(''), url, { reservation: 'maybe' })).toEqual({ reserved: false, policy: null, source: null });
    expect(extractTdm(page('<meta name="tdm-reservation" content="1"><meta name="tdm-policy" content="javascript:alert(1)">'), url).policy).toBeNull();
    expect(extractTdm(page('', '<meta name="tdm-reservation" content="1">'), url).reserved).toBe(false);
  });
});
