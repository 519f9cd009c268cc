"""The frontier's Lua scripts: each runs atomically in Redis, so no request is ever half-moved.

Keys: ``queue`` (sorted set of encoded requests), ``processing:<worker>`` (hash: encoded
request -> score), ``workers`` (set), ``alive:<worker>`` (expiring), ``dupefilter`` (set of
fingerprints); ARGV[1] of the worker scripts is the spider's key prefix ``newscrawl:<spider>:``.
"""

# One round trip per batch: release finished requests (ARGV: their encoded forms), queue new ones
# unless one of their fingerprints was seen (score, data, count, fingerprints...), then pop up to
# n requests into this worker's processing hash. One atomic step: a fingerprint is never recorded
# without its request queued, and no request is ever nowhere (popped but not held).
SYNC = """
local n_pop, n_ack, n_push = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local i = 4
for _ = 1, n_ack do
  redis.call('HDEL', KEYS[2], ARGV[i])
  i = i + 1
end
local pushed = {}
for p = 1, n_push do
  local score, data, n_fp = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  i = i + 3
  local added = 0
  if n_fp > 0 then added = redis.call('SADD', KEYS[3], unpack(ARGV, i, i + n_fp - 1)) end
  i = i + n_fp
  if added == n_fp then
    redis.call('ZADD', KEYS[1], score, data)
    pushed[p] = 1
  else
    pushed[p] = 0
  end
end
local popped = {}
if n_pop > 0 then
  popped = redis.call('ZPOPMIN', KEYS[1], n_pop)
  for j = 1, #popped, 2 do redis.call('HSET', KEYS[2], popped[j], popped[j + 1]) end
end
return {popped, pushed}
"""
# Every registered worker without a heartbeat: its held requests back into the queue.
REQUEUE_DEAD = """
local moved = 0
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('EXISTS', ARGV[1] .. 'alive:' .. worker) == 0 then
    local held = redis.call('HGETALL', ARGV[1] .. 'processing:' .. worker)
    for i = 1, #held, 2 do
      redis.call('ZADD', KEYS[1], held[i + 1], held[i])
      moved = moved + 1
    end
    redis.call('DEL', ARGV[1] .. 'processing:' .. worker)
    redis.call('SREM', KEYS[2], worker)
  end
end
return moved
"""
# This worker's held requests back into the queue, all but those listed in ARGV (still being worked on).
RETURN_HELD = """
local keep = {}
for _, data in ipairs(ARGV) do keep[data] = true end
local held = redis.call('HGETALL', KEYS[2])
local moved = 0
for i = 1, #held, 2 do
  if not keep[held[i]] then
    redis.call('ZADD', KEYS[1], held[i + 1], held[i])
    redis.call('HDEL', KEYS[2], held[i])
    moved = moved + 1
  end
end
return moved
"""
# 1 when nothing is queued and no worker holds a request; then also forget the crawl's fingerprints
# when ARGV[2] is '1'. Atomic, so a worker seeding a new crawl never races a clear.
DRAINED = """
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
for _, worker in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('HLEN', ARGV[1] .. 'processing:' .. worker) > 0 then return 0 end
end
if ARGV[2] == '1' then redis.call('DEL', KEYS[3], ARGV[1] .. 'pages') end
return 1
"""
# The generic spider's page budget, shared by the crawl's workers: ARGV[1] a page's URL, ARGV[2] the
# budget. 1 when the page is (or now is) one of the crawl's pages, 0 when the budget is spent.
TAKE_PAGE = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
"""
