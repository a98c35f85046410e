import { STAGES, WEBHOOK_QUEUE } from '@ingest/contracts';
import type { Redis } from 'ioredis';

/**
 * Redis key layout of one stack. Redis Cluster places a key by the first `{...}` in it, and a Lua
 * script or MULTI may only touch keys of one slot. So:
 *  - each queue (every stage's, and webhook deliveries') gets a hash tag of its own,
 *    `{<ns>:<queue>}`: BullMQ's scripts touch only keys of their own queue (we use no flows
 *    across queues), so queues spread over the cluster;
 *  - everything else (URL state, crawl frontier, templates, near-duplicate bands, politeness,
 *    index version guard, stats) lives under the stack prefix `{<ns>}`: its scripts and
 *    transactions combine several of these keys in one command, so they must share a slot.
 * The namespace keeps two stacks on one Redis apart, and their queues in different slots.
 */
export function stackNamespace(prefix: string): string {
  const m = /^\{([^{}]+)\}$/.exec(prefix);
  return m ? m[1]! : prefix;
}

/** The BullMQ prefix of one queue: its own Cluster hash tag inside the stack's namespace. */
export function queueKeyPrefix(prefix: string, queue: string): string {
  return `{${stackNamespace(prefix)}:${queue}}`;
}

/** Where BullMQ keeps one job's hash (`<queue prefix>:<queue>:<job id>`). */
export function jobKey(prefix: string, queue: string, id: string): string {
  return `${queueKeyPrefix(prefix, queue)}:${queue}:${id}`;
}

/** True when every key of the stack's shared state is in one Cluster slot (the prefix is a hash tag). */
export function isHashTagged(prefix: string): boolean {
  return /^\{[^{}]+\}$/.test(prefix);
}

/** SCAN patterns that together match every key of one stack and no other stack's. */
export function stackKeyPatterns(prefix: string): string[] {
  const escape = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
  return [`${escape(prefix)}:*`, ...[...STAGES, WEBHOOK_QUEUE].map((q) => `${escape(queueKeyPrefix(prefix, q))}:*`)];
}

interface ClusterLike {
  nodes(role: 'master'): Redis[];
}

function isCluster(redis: Redis): boolean {
  return (redis as unknown as { isCluster?: boolean }).isCluster === true;
}

/**
 * Every key matching `pattern`, walking each master of a Redis Cluster (SCAN sees one node only).
 * Walks the whole keyspace: for operators' lookups and test clean-up, not for the hot path.
 */
export async function scanKeys(redis: Redis, pattern: string, onKeys: (keys: string[], node: Redis) => Promise<void> | void): Promise<void> {
  const nodes = isCluster(redis) ? (redis as unknown as ClusterLike).nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await onKeys(keys, node);
    } while (cursor !== '0');
  }
}
