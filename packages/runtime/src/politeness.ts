import type { Redis } from 'ioredis';
import type { Config } from '@ingest/config';
import type { HostGate, RobotsChecker } from '@ingest/pipeline';

/** Per-host limits and robots.txt, shared across processes through Redis. */
export function createPoliteness(_config: Config, _redis: Redis): { gate: HostGate | null; robots: RobotsChecker | null } {
  return { gate: null, robots: null };
}
