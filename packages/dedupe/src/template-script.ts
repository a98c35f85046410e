/**
 * Counts one page's block fingerprints for its host and updates the host's template, atomically
 * so that several extractors share the counts.
 * KEYS: counts, meta, pages, idents, template (see keys.ts).
 * ARGV: docRef, identity (near-duplicate cluster), minPages, minCount, ratio, maxFingerprints,
 * maxSeen, maxTemplate, ttl seconds, then the page's distinct fingerprints.
 * Returns { version, pages, fingerprints newly added to the template... }.
 *
 * A page counts once (re-runs are no-ops) and a near-duplicate of a counted page not at all: the
 * print and AMP copies of one article must not turn its paragraphs into "template". When the
 * counts hash outgrows maxFingerprints (or the seen-sets maxSeen) every count and the page count
 * are halved, zeros dropped and the seen-sets cleared: one-page fingerprints (article text) go,
 * recurring ones keep their share of pages.
 */
export const OBSERVE_PAGE = `
local K_COUNTS, K_META, K_PAGES, K_IDENTS, K_TEMPLATE = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local ref, ident = ARGV[1], ARGV[2]
local minPages, minCount, ratio = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local maxFps, maxSeen, maxTemplate, ttl = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9])

local function version() return tonumber(redis.call('HGET', K_META, 'version') or '0') end
local function pageCount() return tonumber(redis.call('HGET', K_META, 'pages') or '0') end

if redis.call('SADD', K_PAGES, ref) == 0 or redis.call('SADD', K_IDENTS, ident) == 0 then
  return { version(), pageCount() }
end
local pages = redis.call('HINCRBY', K_META, 'pages', 1)
for i = 10, #ARGV do redis.call('HINCRBY', K_COUNTS, ARGV[i], 1) end

local added = {}
if pages >= minPages then
  local need = math.max(minCount, math.ceil(ratio * pages))
  local function consider(fp, c)
    if c >= need and redis.call('SCARD', K_TEMPLATE) < maxTemplate and redis.call('SADD', K_TEMPLATE, fp) == 1 then
      added[#added + 1] = fp
    end
  end
  if pages == minPages then
    -- Learning starts now: earlier pages' fingerprints may already qualify.
    local all = redis.call('HGETALL', K_COUNTS)
    for i = 1, #all, 2 do consider(all[i], tonumber(all[i + 1])) end
  else
    -- Otherwise only this page's counts went up.
    for i = 10, #ARGV do consider(ARGV[i], tonumber(redis.call('HGET', K_COUNTS, ARGV[i]))) end
  end
  -- A block the site dropped falls below the share of pages and stops being template.
  for _, fp in ipairs(redis.call('SMEMBERS', K_TEMPLATE)) do
    if tonumber(redis.call('HGET', K_COUNTS, fp) or '0') < need then redis.call('SREM', K_TEMPLATE, fp) end
  end
end

if redis.call('HLEN', K_COUNTS) > maxFps or redis.call('SCARD', K_PAGES) > maxSeen then
  local all = redis.call('HGETALL', K_COUNTS)
  for i = 1, #all, 2 do
    local half = math.floor(tonumber(all[i + 1]) / 2)
    if half == 0 then redis.call('HDEL', K_COUNTS, all[i]) else redis.call('HSET', K_COUNTS, all[i], half) end
  end
  pages = math.max(1, math.floor(pages / 2))
  redis.call('HSET', K_META, 'pages', pages)
  redis.call('DEL', K_PAGES, K_IDENTS)
end

local v = version()
if #added > 0 then v = redis.call('HINCRBY', K_META, 'version', 1) end
for _, k in ipairs(KEYS) do redis.call('EXPIRE', k, ttl) end
local out = { v, pages }
for _, fp in ipairs(added) do out[#out + 1] = fp end
return out
`;

/**
 * Remembers one extracted page of a host (for re-extraction when the template grows); keeps the
 * `cap` most recently first-seen pages.
 * KEYS: recent hash, recent-order zset. ARGV: docRef, JSON, now ms, cap, ttl seconds.
 */
export const REMEMBER_PAGE = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[1])
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  local old = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #old, 2 do redis.call('HDEL', KEYS[1], old[i]) end
end
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return 1
`;
