// Lua keeps each state change atomic across discover and fetch workers in several processes.

/** Starts a run once: a retried discover job of the same run keeps its counters. Returns the previous run's start. */
export const BEGIN_RUN_LUA = `
if redis.call('HGET', KEYS[1], 'runId') == ARGV[1] then return redis.call('HGET', KEYS[1], 'previousRunAt') or '' end
local last = redis.call('HGET', KEYS[1], 'lastRunAt') or ''
redis.call('HSET', KEYS[1], 'runId', ARGV[1], 'previousRunAt', last, 'lastRunAt', ARGV[2],
  'found', 0, 'fetched', 0, 'unchanged', 0, 'removed', 0, 'failed', 0, 'notModifiedSinceLastRun', 0)
redis.call('HDEL', KEYS[1], 'lastDiscoveredAt')
redis.call('HINCRBY', KEYS[1], 'runs', 1)
return last
`;

/**
 * Records one URL's outcome in a run exactly once: a retried job that ends the same way changes
 * nothing, and one that ends differently (failed, then fetched) moves the count.
 * KEYS: state, run outcomes; ARGV: runId, url, outcome, ttl seconds.
 */
export const RECORD_OUTCOME_LUA = `
local prev = redis.call('HGET', KEYS[2], ARGV[2])
if prev == ARGV[3] then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[4])
if redis.call('HGET', KEYS[1], 'runId') == ARGV[1] then
  if prev then redis.call('HINCRBY', KEYS[1], prev, -1) end
  redis.call('HINCRBY', KEYS[1], ARGV[3], 1)
end
if prev then redis.call('HINCRBY', KEYS[1], 'total.' .. prev, -1) end
redis.call('HINCRBY', KEYS[1], 'total.' .. ARGV[3], 1)
return 1
`;

/** Adds to a counter of the current run only. KEYS: state; ARGV: runId, field, n. */
export const ADD_TO_RUN_LUA = `
if redis.call('HGET', KEYS[1], 'runId') ~= ARGV[1] then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[2], ARGV[3])
return 1
`;
