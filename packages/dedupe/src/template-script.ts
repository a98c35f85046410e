// Per-host template learning in windows (see templates.ts for the life cycle). Both scripts take
// KEYS: meta, template, counts, pages, idents, recent, recent-fps (see keys.ts).
// meta fields: version (bumped when the template changes), phase ('learn' or 'fixed'; absent is
// the first learning window), gen (learning windows started), pages (counted in this window),
// since (pages seen since the last decision, which schedules the next learning window).

/** Shared prelude: key names, meta reads, members-if-changed reply. */
const PRELUDE = `
local K_META, K_TEMPLATE, K_COUNTS, K_PAGES, K_IDENTS, K_RECENT, K_RECENT_FPS = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local meta = redis.call('HMGET', K_META, 'version', 'phase', 'gen', 'pages', 'since')
local version = tonumber(meta[1] or '0')
local phase = meta[2] or 'learn'
local gen = tonumber(meta[3] or '0')
local function withMembers(out, known)
  if version ~= known then
    out[#out + 1] = 1
    for _, fp in ipairs(redis.call('SMEMBERS', K_TEMPLATE)) do out[#out + 1] = fp end
  else
    out[#out + 1] = 0
  end
  return out
end
`;

/**
 * The read on every page once a host is out of its learning window: version and phase, the
 * template members when the caller's version is not current, and the page schedule that starts
 * the next learning window.
 * ARGV: known version, '1' to count this page, relearn after (pages), ttl seconds.
 * Returns { version, phase, changed (0|1), members if changed... }.
 */
export const TEMPLATE_STATE = `${PRELUDE}
local known, countPage, relearnAfter, ttl = tonumber(ARGV[1]), ARGV[2] == '1', tonumber(ARGV[3]), tonumber(ARGV[4])
if countPage and phase == 'fixed' then
  local since = redis.call('HINCRBY', K_META, 'since', 1)
  if since >= relearnAfter then
    -- A new window re-learns the template; the current one stays in force until it ends.
    redis.call('DEL', K_COUNTS, K_PAGES, K_IDENTS, K_RECENT, K_RECENT_FPS)
    redis.call('HSET', K_META, 'phase', 'learn', 'gen', gen + 1, 'pages', 0, 'since', 0)
    phase = 'learn'
  end
  -- Refreshing the expiry on every page would double this script's work; the ttl is days.
  if since % 64 == 1 then
    redis.call('EXPIRE', K_META, ttl)
    redis.call('EXPIRE', K_TEMPLATE, ttl)
  end
end
return withMembers({ version, phase }, known)
`;

/**
 * Counts one page of a host in its learning window and remembers it for re-extraction; at a
 * decision point sets the template and returns the remembered pages the decision changes.
 * ARGV: docRef, identity (near-duplicate cluster), known version, page JSON, kept fingerprint
 * prefixes (8 chars each, concatenated), minPages, minCount, ratio, maxFingerprints, window
 * pages, maxTemplate, ttl seconds, max remembered pages, then the page's distinct fingerprints
 * (from ARGV[14]).
 * Returns { version, phase, pages, #added, added..., #removed, removed..., #reprocess, page JSON...,
 * changed (0|1), members if changed... }.
 *
 * A page counts once (re-runs are no-ops) and a near-duplicate of a counted page not at all: the
 * print and AMP copies of one article must not turn its paragraphs into "template". Decisions are
 * taken at fixed page counts only (minPages, doubling, and the window's end), never on every page:
 * a block near the template share cannot flip in and out, and each decision re-extracts each
 * remembered page at most once. Within the first window decisions only add (pages seen early are
 * few); the window's end replaces the template with what the whole window supports.
 */
export const OBSERVE_PAGE = `${PRELUDE}
local ref, ident, known, pageJson, keptPrefixes = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local minPages, minCount, ratio = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local maxFps, window, maxTemplate, ttl = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
local maxRecent = tonumber(ARGV[13])
local FIRST_FP = 14

local pages = tonumber(meta[4] or '0')
if phase ~= 'learn' then return withMembers({ version, phase, pages, 0, 0, 0 }, known) end
-- Every page extracted in the window is remembered, copies and re-runs too (a print copy is not
-- counted, but the decision may change it); a re-run replaces what it kept.
if #keptPrefixes > 0 and (redis.call('HEXISTS', K_RECENT, ref) == 1 or redis.call('HLEN', K_RECENT) < maxRecent) then
  redis.call('HSET', K_RECENT, ref, pageJson)
  redis.call('HSET', K_RECENT_FPS, ref, keptPrefixes)
end
if redis.call('SADD', K_PAGES, ref) == 0 or redis.call('SADD', K_IDENTS, ident) == 0 then
  return withMembers({ version, phase, pages, 0, 0, 0 }, known)
end
pages = redis.call('HINCRBY', K_META, 'pages', 1)
-- Bounded counts: once full, blocks not yet counted are not (template blocks come early and often).
local full = redis.call('HLEN', K_COUNTS) >= maxFps
for i = FIRST_FP, #ARGV do
  if not full then
    redis.call('HINCRBY', K_COUNTS, ARGV[i], 1)
  elseif redis.call('HEXISTS', K_COUNTS, ARGV[i]) == 1 then
    redis.call('HINCRBY', K_COUNTS, ARGV[i], 1)
  end
end

local final = pages >= window
local checkpoint = final
if gen == 0 and not final then
  local at = minPages
  while at < pages do at = at * 2 end
  checkpoint = at == pages
end
local added, removed, reprocess = {}, {}, {}
if checkpoint then
  local need = math.max(minCount, math.ceil(ratio * pages))
  local current = {}
  for _, fp in ipairs(redis.call('SMEMBERS', K_TEMPLATE)) do current[fp] = true end
  local candidates = {}
  local all = redis.call('HGETALL', K_COUNTS)
  for i = 1, #all, 2 do
    local c = tonumber(all[i + 1])
    if c >= need then candidates[#candidates + 1] = { all[i], c } end
  end
  -- The most frequent blocks first when the template is full; ties by fingerprint (deterministic).
  table.sort(candidates, function(a, b) if a[2] ~= b[2] then return a[2] > b[2] end return a[1] < b[1] end)
  local keep = {}
  local size = 0
  if not final then
    for fp in pairs(current) do keep[fp] = true size = size + 1 end
  end
  for _, cand in ipairs(candidates) do
    if size >= maxTemplate then break end
    if not keep[cand[1]] then keep[cand[1]] = true size = size + 1 end
  end
  for fp in pairs(keep) do if not current[fp] then added[#added + 1] = fp end end
  for fp in pairs(current) do if not keep[fp] then removed[#removed + 1] = fp end end
  if #added > 0 then redis.call('SADD', K_TEMPLATE, unpack(added)) end
  if #removed > 0 then redis.call('SREM', K_TEMPLATE, unpack(removed)) end
  if #added + #removed > 0 then version = redis.call('HINCRBY', K_META, 'version', 1) end
  if #added > 0 then
    -- Remembered pages whose kept text holds a block now template; the caller re-runs its own page.
    local addedPrefix = {}
    for _, fp in ipairs(added) do local p = string.sub(fp, 1, 8) addedPrefix[p .. string.rep('_', 8 - #p)] = true end
    local rows = redis.call('HGETALL', K_RECENT_FPS)
    local refs = {}
    for i = 1, #rows, 2 do
      if rows[i] ~= ref then
        local s = rows[i + 1]
        for o = 1, #s, 8 do
          if addedPrefix[string.sub(s, o, o + 7)] then refs[#refs + 1] = rows[i] break end
        end
      end
    end
    if #refs > 0 then reprocess = redis.call('HMGET', K_RECENT, unpack(refs)) end
  end
  if final then
    redis.call('DEL', K_COUNTS, K_PAGES, K_IDENTS, K_RECENT, K_RECENT_FPS)
    redis.call('HSET', K_META, 'phase', 'fixed', 'since', 0)
    phase = 'fixed'
  end
end
for _, k in ipairs(KEYS) do redis.call('EXPIRE', k, ttl) end

local out = { version, phase, pages, #added }
for _, fp in ipairs(added) do out[#out + 1] = fp end
out[#out + 1] = #removed
for _, fp in ipairs(removed) do out[#out + 1] = fp end
out[#out + 1] = #reprocess
for _, j in ipairs(reprocess) do out[#out + 1] = j end
return withMembers(out, known)
`;
