/**
 * Atomic near-duplicate assignment, so concurrent extractors agree on cluster ids.
 * KEYS: signatures and bands of the current window, then of the previous window.
 * ARGV: docRef (fixed width), signature, root cluster id, min equal rows, '1' to count a first
 * join, ttl seconds, bucket cap, band count, band bytes, hash bytes.
 * A signature entry is `signature .. countedFlag .. clusterId`; a band bucket is the concatenated
 * refs of its members (oldest first, at most `cap`).
 * Returns { clusterId, 1 if this call is the document's first counted join }.
 */
export const ASSIGN_CLUSTER = `
local ref, sig, root = ARGV[1], ARGV[2], ARGV[3]
local need, counting, ttl, cap = tonumber(ARGV[4]), ARGV[5] == '1', tonumber(ARGV[6]), tonumber(ARGV[7])
local nb, bw, hw = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local siglen, rl = #sig, #ref

-- Bands are read and written as one HMGET / HSET per hash, not one command per band.
local function band(s, b) return string.char(b) .. string.sub(s, b * bw + 1, (b + 1) * bw) end
local function bandsOf(s)
  local out = {}
  for b = 0, nb - 1 do out[b + 1] = band(s, b) end
  return out
end
local function counted(entry) return entry and string.sub(entry, siglen + 1, siglen + 1) == '1' end

local prev = redis.call('HGET', KEYS[1], ref)
local prevCounted = counted(prev) or counted(redis.call('HGET', KEYS[3], ref))
if prev and string.sub(prev, 1, siglen) == sig then
  local cluster = string.sub(prev, siglen + 2)
  if counting and cluster ~= root and not prevCounted then
    redis.call('HSET', KEYS[1], ref, sig .. '1' .. cluster)
    return { cluster, 1 }
  end
  return { cluster, 0 }
end
if prev then
  -- The text changed (re-extracted without template blocks): unlink the stale signature.
  local fields = bandsOf(string.sub(prev, 1, siglen))
  local buckets = redis.call('HMGET', KEYS[2], unpack(fields))
  local sets, dels = {}, {}
  for b = 1, nb do
    local bucket = buckets[b]
    if bucket then
      local kept = {}
      for i = 1, #bucket, rl do
        local r = string.sub(bucket, i, i + rl - 1)
        if r ~= ref then kept[#kept + 1] = r end
      end
      if #kept == 0 then dels[#dels + 1] = fields[b]
      elseif #kept * rl ~= #bucket then sets[#sets + 1] = fields[b] sets[#sets + 1] = table.concat(kept) end
    end
  end
  if #dels > 0 then redis.call('HDEL', KEYS[2], unpack(dels)) end
  if #sets > 0 then redis.call('HSET', KEYS[2], unpack(sets)) end
end

local fields = bandsOf(sig)
local bestSame, bestCluster = -1, nil
local current = nil
for w, pair in ipairs({ { KEYS[1], KEYS[2] }, { KEYS[3], KEYS[4] } }) do
  local buckets = redis.call('HMGET', pair[2], unpack(fields))
  if w == 1 then current = buckets end
  local refs, seen = {}, {}
  for b = 1, nb do
    local bucket = buckets[b]
    if bucket then
      for i = 1, #bucket, rl do
        local r = string.sub(bucket, i, i + rl - 1)
        if r ~= ref and not seen[r] then
          seen[r] = true
          refs[#refs + 1] = r
        end
      end
    end
  end
  if #refs > 0 then
    local entries = redis.call('HMGET', pair[1], unpack(refs))
    for k = 1, #refs do
      local entry = entries[k]
      if entry then
        local same = 0
        for o = 1, siglen, hw do
          if string.sub(entry, o, o + hw - 1) == string.sub(sig, o, o + hw - 1) then same = same + 1 end
        end
        local c = string.sub(entry, siglen + 2)
        if same >= need and (same > bestSame or (same == bestSame and c < bestCluster)) then
          bestSame, bestCluster = same, c
        end
      end
    end
  end
end

local cluster = bestCluster or root
local newly = counting and cluster ~= root and not prevCounted
redis.call('HSET', KEYS[1], ref, sig .. ((prevCounted or newly) and '1' or '0') .. cluster)
local sets = {}
for b = 1, nb do
  local bucket = current[b] or ''
  local present = false
  for i = 1, #bucket, rl do
    if string.sub(bucket, i, i + rl - 1) == ref then present = true break end
  end
  if not present then
    bucket = bucket .. ref
    if #bucket > cap * rl then bucket = string.sub(bucket, #bucket - cap * rl + 1) end
    sets[#sets + 1] = fields[b]
    sets[#sets + 1] = bucket
  end
end
if #sets > 0 then redis.call('HSET', KEYS[2], unpack(sets)) end
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
return { cluster, newly and 1 or 0 }
`;
