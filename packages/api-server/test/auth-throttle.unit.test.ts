import { describe, expect, it } from 'vitest';
import { AuthThrottle } from '../src/auth-throttle.ts';

describe('AuthThrottle', () => {
  it('blocks an IP after the limit for the rest of its window, then lets it try again', () => {
    let now = 1_000_000;
    const t = new AuthThrottle(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfterSeconds('a')).toBe(0);
      t.failed('a');
    }
    expect(t.retryAfterSeconds('a')).toBe(60);
    expect(t.retryAfterSeconds('b')).toBe(0);
    now += 45_500;
    expect(t.retryAfterSeconds('a')).toBe(15);
    now += 15_000;
    expect(t.retryAfterSeconds('a')).toBe(0);
    t.failed('a');
    expect(t.retryAfterSeconds('a')).toBe(0);
  });
});
