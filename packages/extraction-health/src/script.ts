/**
 * Adds one flush's increments to a host's generation and returns what a comparison needs.
 *
 * A host keeps two generation hashes in fixed slots (`a`, `b`) and a meta hash naming the
 * current slot, each slot's generation and whether the host is flagged. A page of the current or
 * the previous generation (a late retry) adds to its own; a page of a new generation takes the
 * previous slot, so the current becomes the previous. While the host is flagged the new
 * generation takes the current (broken) slot instead: the baseline stays the last generation that
 * was not flagged, so a redesign that stays broken stays flagged. A generation fetched before the
 * current one began is over: its late pages (a retry, another process's last flush) are dropped
 * rather than displace a newer generation.
 *
 * KEYS: meta, slot a, slot b.
 * ARGV: generation, earliest fetch time of the batch (ms), ttl (s), minPages, n, then n (field, increment) pairs, then
 * (field, JSON) example pairs set only where absent.
 * Reply: {} when there is nothing to compare (no previous generation, or too few current pages
 * and no flag to clear); else {current HGETALL, previous HGETALL, flagged ('1' or '')}.
 */
export const RECORD_FIGURES = `
local meta = redis.call('HMGET', KEYS[1], 'cur', 'a', 'b', 'flagged')
local cur, genA, genB, flagged = meta[1], meta[2], meta[3], meta[4]
local gen = ARGV[1]
local target
if genA == gen then target = 'a' elseif genB == gen then target = 'b' else
  if cur then
    local since = redis.call('HGET', cur == 'a' and KEYS[2] or KEYS[3], 'since')
    if since and tonumber(ARGV[2]) < tonumber(since) then return {} end
  end
  if flagged then target = cur or 'a' elseif cur == 'a' then target = 'b' else target = 'a' end
  local key = target == 'a' and KEYS[2] or KEYS[3]
  redis.call('DEL', key)
  redis.call('HSET', key, 'gen', gen, 'since', ARGV[2])
  redis.call('EXPIRE', key, ARGV[3])
  redis.call('HSET', KEYS[1], 'cur', target, target, gen)
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  if target == 'a' then genA = gen else genB = gen end
  cur = target
end
local key = target == 'a' and KEYS[2] or KEYS[3]
local n = tonumber(ARGV[5])
for i = 0, n - 1 do redis.call('HINCRBY', key, ARGV[6 + 2 * i], ARGV[7 + 2 * i]) end
for i = 6 + 2 * n, #ARGV, 2 do redis.call('HSETNX', key, ARGV[i], ARGV[i + 1]) end
local prevGen = cur == 'a' and genB or genA
if not prevGen then return {} end
local curKey = cur == 'a' and KEYS[2] or KEYS[3]
local prevKey = cur == 'a' and KEYS[3] or KEYS[2]
if not flagged and tonumber(redis.call('HGET', curKey, 'pages') or '0') < tonumber(ARGV[4]) then return {} end
return {redis.call('HGETALL', curKey), redis.call('HGETALL', prevKey), flagged or ''}
`;
