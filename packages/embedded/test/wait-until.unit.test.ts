import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitUntil } from '../src/index.ts';

describe('waitUntil', () => {
  afterEach(() => vi.restoreAllMocks());

  // A CI machine's wall clock can be stepped (NTP after a VM pause): a deadline on Date.now()
  // then expires at once, and a service that is starting fine is reported as never ready.
  it('keeps its deadline when the wall clock jumps forward', async () => {
    const start = Date.now();
    let calls = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => start + (calls++ > 0 ? 3_600_000 : 0));
    const readyAt = performance.now() + 300;
    await expect(waitUntil(async () => performance.now() >= readyAt, 5_000, 'jumping clock')).resolves.toBeUndefined();
  });

  it('still gives up after its timeout', async () => {
    await expect(waitUntil(async () => false, 300, 'never ready')).rejects.toThrow('never ready did not become ready within 300 ms');
  });
});
