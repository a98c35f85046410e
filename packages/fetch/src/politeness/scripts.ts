// Redis TIME is used instead of the callers' clocks so that processes on different machines agree
// on "now". Redis 7 replicates script effects, so reading TIME before writing is allowed.

/**
 * KEYS[1] = lease zset (member = lease id, score = expiry ms), KEYS[2] = next-allowed-start (ms)
 * ARGV = leaseId, leaseMs, maxConcurrency, minDelayMs, pollMs
 * Returns {1, now} when acquired (Redis clock, ms), else {0, suggested wait in ms}.
 */
export const ACQUIRE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local leaseMs = tonumber(ARGV[2])
local maxConcurrency = tonumber(ARGV[3])
local minDelay = tonumber(ARGV[4])
local pollMs = tonumber(ARGV[5])

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)

local nextAt = tonumber(redis.call('GET', KEYS[2]) or '0')
if nextAt > now then
  return {0, nextAt - now}
end

if redis.call('ZCARD', KEYS[1]) >= maxConcurrency then
  -- A slot frees on release (unknown time) or at the earliest lease expiry at the latest.
  local earliest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local untilExpiry = tonumber(earliest[2]) - now
  return {0, math.max(1, math.min(pollMs, untilExpiry))}
end

redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[1])
redis.call('PEXPIRE', KEYS[1], leaseMs + 1000)
if minDelay > 0 then
  redis.call('SET', KEYS[2], now + minDelay, 'PX', minDelay + 1000)
end
return {1, now}
`;

/** KEYS[1] = lease zset; ARGV = leaseId. */
export const RELEASE_LUA = `
return redis.call('ZREM', KEYS[1], ARGV[1])
`;

/**
 * Pushes the next allowed start to at least now + ARGV[1] ms (never pulls it earlier).
 * KEYS[1] = next-allowed-start. Returns the resulting next-allowed time.
 */
export const PENALIZE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local target = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < target then
  redis.call('SET', KEYS[1], target, 'PX', tonumber(ARGV[1]) + 1000)
  return target
end
return current
`;

/** KEYS[1] = lease zset; ARGV = leaseId, leaseMs. Returns 1 if the lease was still held. */
export const EXTEND_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 1000)
return 1
`;
