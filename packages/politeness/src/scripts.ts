// Redis TIME is used instead of the callers' clocks so that processes on different machines agree
// on "now". Redis 7 replicates script effects, so reading TIME before writing is allowed.

/**
 * Grants a slot, or says how long to wait and whether to wait in place or park the job.
 *
 * KEYS[1] = lease zset (member = lease id, score = expiry ms), KEYS[2] = next-allowed-start (ms),
 * KEYS[3] = pending: set while a grant is unconfirmed, the earliest its confirmation can bring
 * next-allowed-start forward to; KEYS[4] = turns zset (member = ticket of a parked job, score = the
 * time its turn comes).
 * KEYS[5] = the host's adapted gap (ms), if it has been slowed down.
 * ARGV = leaseId, leaseMs, maxConcurrency, minDelayMs, pollMs, ticket ('' = none), wakeLeadMs (a
 *        parked job wakes this much before its turn, to absorb the queue's wake-up latency),
 *        staleTurnMs, windowFactor (a caller whose last grant went stale asks for a longer window).
 *
 * The delay is the longer of minDelayMs and the adapted gap. A grant holds the host for delay +
 * send window (the request may be written at any moment of the window: half the delay, 100 ms to
 * one delay); the holder's confirmation brings it forward to (actual send + delay). Only the head
 * of the host's schedule waits in place, for at most the lead or a poll interval; every other job parks.
 * With no delay a busy host is waited for in place (only concurrency holds it, and a release frees it at any moment).
 * Returns {1, now, next-allowed-start written, delay, window, adapted gap (0: none)} when granted, else
 * {0, wait ms, park (0|1)}.
 */
export const ACQUIRE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local leaseMs = tonumber(ARGV[2])
local maxConcurrency = tonumber(ARGV[3])
local gap = tonumber(redis.call('GET', KEYS[5]) or '0')
local minDelay = math.max(tonumber(ARGV[4]), gap)
local pollMs = tonumber(ARGV[5])
local ticket = ARGV[6]
local lead = math.min(tonumber(ARGV[7]), math.floor(minDelay / 2))
-- A head job waits in place this long: a concurrency-busy host answers within a poll interval.
local inPlace = math.max(lead, pollMs)
local staleTurn = tonumber(ARGV[8])
local windowMs = 0
if minDelay > 0 then windowMs = math.min(minDelay, math.max(100, math.floor(minDelay / 2 + 0.5))) * tonumber(ARGV[9]) end

-- Expired leases (crashed holders) are only worth removing when they would refuse the grant.
local function full()
  if redis.call('ZCARD', KEYS[1]) < maxConcurrency then return false end
  return redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) == 0 or redis.call('ZCARD', KEYS[1]) >= maxConcurrency
end

local wait
local nextAt = tonumber(redis.call('GET', KEYS[2]) or '0')
if nextAt > now then
  local earliest = nextAt
  local pending = tonumber(redis.call('GET', KEYS[3]) or '0')
  if pending > 0 and pending < nextAt then earliest = math.min(nextAt, math.max(pending, now + pollMs)) end
  wait = math.max(1, earliest - now)
elseif full() then
  -- A slot frees on release (unknown time) or at the earliest lease expiry at the latest.
  local earliest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  wait = math.max(1, math.min(pollMs, tonumber(earliest[2]) - now))
else
  redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], leaseMs + 1000)
  if ticket ~= '' then redis.call('ZREM', KEYS[4], ticket) end
  local written = now
  if minDelay > 0 then
    written = now + minDelay + windowMs
    redis.call('SET', KEYS[2], written, 'PX', minDelay + windowMs + 1000)
    redis.call('SET', KEYS[3], now + minDelay, 'PX', minDelay + windowMs + 1000)
  end
  return {1, now, written, minDelay, windowMs, gap}
end

if ticket == '' then return {0, wait, 0} end
-- Without a delay the host is busy only by concurrency, and a slot frees on any release: a turn
-- booked pollMs ahead would move the job through the delayed set for a wait shorter than that trip.
if minDelay == 0 then return {0, wait, 0} end
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - staleTurn)
local spacing = math.max(minDelay, pollMs)
-- Turns overdue by more than this belong to jobs held up elsewhere (a busy worker, a slow wake):
-- they no longer hold back the jobs behind them, who take the host when it is free.
local overdue = now - math.max(1000, 4 * spacing)
local mine = redis.call('ZSCORE', KEYS[4], ticket)
local slot
if mine then
  -- Only the head of the host's schedule waits in place, and only for the last moments: every
  -- other turn holder (woken early, or the schedule drifted) parks again for where it now stands,
  -- so one host never holds more than one worker slot while it waits.
  local ahead = redis.call('ZCOUNT', KEYS[4], overdue, '(' .. mine)
  if ahead == 0 and wait <= inPlace then return {0, wait, 0} end
  slot = now + wait + ahead * spacing
else
  -- Book a turn behind every job already parked for this host, spaced by the delay.
  local last = redis.call('ZRANGE', KEYS[4], -1, -1, 'WITHSCORES')
  local tail = last[2] and tonumber(last[2]) or 0
  slot = math.max(now + wait, tail + spacing)
  -- Nobody is due before this job and its turn is close: waiting in place is cheaper than parking.
  if slot == now + wait and wait <= inPlace then
    redis.call('ZADD', KEYS[4], slot, ticket)
    redis.call('PEXPIRE', KEYS[4], slot - now + staleTurn)
    return {0, wait, 0}
  end
end
redis.call('ZADD', KEYS[4], slot, ticket)
redis.call('PEXPIRE', KEYS[4], math.max(slot - now, 0) + staleTurn)
return {0, math.max(1, slot - now - lead), 1}
`;

/**
 * The grant's request was written (ARGV[2] = send + delay: the next start) or never will be
 * (ARGV[2] = 0: the start it reserved is given back). Only while next-allowed-start is still the
 * value the grant wrote (ARGV[1]); a later grant or a penalty is never undone.
 * KEYS[1] = next-allowed-start, KEYS[2] = pending. Returns 1 if applied.
 */
export const CONFIRM_LUA = `
if tonumber(redis.call('GET', KEYS[1]) or '0') ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local target = tonumber(ARGV[2])
if target > now then
  redis.call('SET', KEYS[1], target, 'PX', target - now + 1000)
else
  redis.call('DEL', KEYS[1])
end
return 1
`;

/** KEYS[1] = lease zset; ARGV = leaseId. */
export const RELEASE_LUA = `
return redis.call('ZREM', KEYS[1], ARGV[1])
`;

/**
 * Pushes the next allowed start to at least now + ARGV[1] ms (never pulls it earlier); a pending
 * confirmation may no longer bring it forward.
 * KEYS[1] = next-allowed-start, KEYS[2] = pending. Returns the resulting next-allowed time.
 */
export const PENALIZE_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local target = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current < target then
  redis.call('SET', KEYS[1], target, 'PX', tonumber(ARGV[1]) + 1000)
  redis.call('DEL', KEYS[2])
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
