import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from '@ingest/webhooks';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"evt_1","type":"document.indexed"}';
  const t = 1_764_650_000;

  it('signs "<t>.<body>" with HMAC-SHA256, as documented', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signPayload(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies a fresh signature and refuses a changed body, timestamp, secret or an old delivery', () => {
    const header = signPayload(secret, body, t);
    expect(verifySignature(secret, header, body, { nowS: t + 10 })).toBe(true);
    expect(verifySignature(secret, header, `${body} `, { nowS: t })).toBe(false);
    expect(verifySignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, { nowS: t })).toBe(false);
    expect(verifySignature('whsec_other', header, body, { nowS: t })).toBe(false);
    expect(verifySignature(secret, header, body, { nowS: t + 301 })).toBe(false);
    expect(verifySignature(secret, undefined, body, { nowS: t })).toBe(false);
    expect(verifySignature(secret, 'v1=abc', body, { nowS: t })).toBe(false);
  });

  it('accepts any of several v1 signatures (a secret being rotated)', () => {
    const header = `${signPayload('whsec_old', body, t)},v1=${signPayload(secret, body, t).split('v1=')[1]}`;
    expect(verifySignature(secret, header, body, { nowS: t })).toBe(true);
  });
});
