import { describe, expect, it } from 'vitest';
import { ALL_OUTAGES, formatChaos, runChaos } from '../../benchmarks/lib/chaos/run.ts';

// The short version of `npm run chaos`: a few hundred pages, 5 worker SIGKILLs and each dependency
// killed and frozen once for a few seconds. Not one page may be lost or indexed twice.
describe('chaos: workers killed and dependencies down while pages flow', () => {
  it('loses no page and duplicates none', { timeout: 300_000 }, async () => {
    const result = await runChaos({
      pages: 200,
      hosts: 2,
      kills: 5,
      killEveryMs: 3_000,
      outageMinMs: 6_000,
      outageMaxMs: 10_000,
      outageGapMs: 2_000,
      outages: ALL_OUTAGES,
      perStage: 2,
      feedOverMs: 40_000,
      drainTimeoutMs: 120_000,
      jobLockMs: 5_000,
      seed: 7,
      repair: false,
      keepDir: false,
      log: () => {},
    });
    const summary = formatChaos(result);
    console.log(summary);
    expect(result.kills, summary).toBe(5);
    expect(result.outages, summary).toHaveLength(ALL_OUTAGES.length);
    expect(result.drainMs, summary).not.toBeNull();
    expect(result.lost, summary).toBe(0);
    expect(result.duplicated, summary).toBe(0);
    expect(result.audit?.lost, summary).toBe(0);
  });
});
