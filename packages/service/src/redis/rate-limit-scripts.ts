/**
 * The Lua scripts of the Redis rate limiter. Each runs atomically on the server and reads the time with
 * `TIME`, so the clocks of the worker machines never matter.
 *
 * Layout, per budget (unit and window): one sorted set whose members are `<units>|<permit id>` and
 * whose score is the time (server milliseconds) at which the entry leaves every window. While a request
 * is in flight its score is `grant + lease + window` (a crashed worker's units are freed after the
 * lease); its release moves it to `release + window`. So a request's units count against every window
 * that overlaps the time from its grant to its answer, which covers the window the provider counts it in
 * whenever its request arrives. An entry counts while `now <= score`.
 *
 * A hash `state` holds the shared reaction to throttling: `pausedUntil` (server ms), `fraction` (of the
 * configured limits now enforced), `lastCutAt` and `consecutive` (throttles without a success between).
 */

const readNow = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;

/**
 * KEYS: state, waiting line (sorted set: waiter id by first-refusal time), waiters' details (hash: id to
 * `lastSeen|units,units…`), then one sorted set per budget.
 * ARGV: permit id (the waiter's id), lease ms, stale ms, then per budget: limit (after the safety
 * margin), window ms, units (as a string).
 * Returns {granted (1|0), now, wait ms, fraction, consecutive, {units in each budget's window}}.
 *
 * Fairness across processes: a request refused once joins the waiting line. A request that is not the
 * oldest live waiter is granted only if it fits now and the oldest waiter will still fit when its room
 * appears (core's backfill rule), so a large request is not starved by other workers' small ones. A
 * waiter not seen for `stale ms` (its worker died or gave up) leaves the line.
 */
export const acquireScript = `${readNow}
local permitId = ARGV[1]
local leaseMs = tonumber(ARGV[2])
local staleMs = tonumber(ARGV[3])
local budgetCount = #KEYS - 3
local state = redis.call('HMGET', KEYS[1], 'pausedUntil', 'fraction', 'consecutive')
local pausedUntil = tonumber(state[1]) or 0
local fraction = tonumber(state[2]) or 1
local consecutive = tonumber(state[3]) or 0
local limits, windows, unitTexts, amounts = {}, {}, {}, {}
for b = 1, budgetCount do
  local base = (b - 1) * 3 + 4
  limits[b] = tonumber(ARGV[base]) * fraction
  windows[b] = tonumber(ARGV[base + 1])
  unitTexts[b] = ARGV[base + 2]
  amounts[b] = tonumber(ARGV[base + 2])
end
local function joinLine()
  redis.call('ZADD', KEYS[2], 'NX', now, permitId)
  redis.call('HSET', KEYS[3], permitId, now .. '|' .. table.concat(unitTexts, ','))
  redis.call('PEXPIRE', KEYS[2], staleMs * 2 + 1000)
  redis.call('PEXPIRE', KEYS[3], staleMs * 2 + 1000)
end
if pausedUntil > now then
  joinLine()
  return {0, now, pausedUntil - now, tostring(fraction), consecutive, {}}
end
-- The oldest live waiter; stale ones leave the line.
local head, headAmounts = nil, nil
for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local info = redis.call('HGET', KEYS[3], id)
  local seen = info and tonumber(string.match(info, '^[^|]+'))
  if not seen or seen < now - staleMs then
    redis.call('ZREM', KEYS[2], id)
    redis.call('HDEL', KEYS[3], id)
  elseif head == nil then
    head = id
    headAmounts = {}
    for value in string.gmatch(string.match(info, '|(.*)$') or '', '[^,]+') do
      table.insert(headAmounts, tonumber(value))
    end
  end
end
if head == permitId then head = nil end
local entries, used, useds = {}, {}, {}
for b = 1, budgetCount do
  redis.call('ZREMRANGEBYSCORE', KEYS[b + 3], '-inf', '(' .. now)
  entries[b] = redis.call('ZRANGE', KEYS[b + 3], 0, -1, 'WITHSCORES')
  local sum = 0
  for position = 1, #entries[b], 2 do
    sum = sum + tonumber(string.match(entries[b][position], '^[^|]+'))
  end
  used[b] = sum
  useds[b] = tostring(sum)
end
-- Milliseconds until a request of these amounts fits; 0 when it fits now.
local function readyIn(request)
  local wait = 0
  for b = 1, budgetCount do
    local amount = request[b] or 0
    if amount > 0 and used[b] > 0 and used[b] + amount > limits[b] then
      -- Enough of the oldest-leaving entries must leave; a request above the (cut) limit needs an empty window.
      local mustFree = used[b] + amount - limits[b]
      if amount > limits[b] then mustFree = used[b] end
      local freed = 0
      for position = 1, #entries[b], 2 do
        freed = freed + tonumber(string.match(entries[b][position], '^[^|]+'))
        if freed >= mustFree then
          local readyAt = tonumber(entries[b][position + 1]) + 1 - now
          if readyAt > wait then wait = readyAt end
          break
        end
      end
    end
  end
  return wait
end
local wait = readyIn(amounts)
if wait == 0 and head ~= nil then
  -- Go ahead of the oldest waiter only if it still fits when its room appears.
  local headWait = readyIn(headAmounts)
  local headAt = now + headWait
  for b = 1, budgetCount do
    if amounts[b] > 0 then
      local still = 0
      for position = 1, #entries[b], 2 do
        if tonumber(entries[b][position + 1]) >= headAt then
          still = still + tonumber(string.match(entries[b][position], '^[^|]+'))
        end
      end
      if still + (headAmounts[b] or 0) + amounts[b] > limits[b] then
        wait = math.max(headWait, 1)
      end
    end
  end
end
if wait > 0 then
  joinLine()
  return {0, now, wait, tostring(fraction), consecutive, useds}
end
redis.call('ZREM', KEYS[2], permitId)
redis.call('HDEL', KEYS[3], permitId)
for b = 1, budgetCount do
  if amounts[b] > 0 then
    redis.call('ZADD', KEYS[b + 3], now + leaseMs + windows[b], unitTexts[b] .. '|' .. permitId)
    -- The set outlives its newest entry, then goes: nothing stays in Redis when the work stops.
    redis.call('PEXPIRE', KEYS[b + 3], leaseMs + windows[b] + 1000)
  end
end
return {1, now, 0, tostring(fraction), consecutive, useds}
`;

/**
 * KEYS: one sorted set per budget. ARGV: permit id, then per budget: window ms, units (as a string).
 * Moves each entry's leaving time to now + window. Returns now.
 */
export const releaseScript = `${readNow}
local permitId = ARGV[1]
for index = 1, #KEYS do
  local windowMs = tonumber(ARGV[index * 2])
  local units = ARGV[index * 2 + 1]
  if tonumber(units) > 0 then
    -- Re-added even if its lease ran out meanwhile: counting too much only slows the workers down.
    redis.call('ZADD', KEYS[index], now + windowMs, units .. '|' .. permitId)
    if redis.call('PTTL', KEYS[index]) < windowMs + 1000 then
      redis.call('PEXPIRE', KEYS[index], windowMs + 1000)
    end
  end
end
return now
`;

/** KEYS: one sorted set per budget. ARGV: permit id, then per budget: units (as a string). Returns entries removed. */
export const refundScript = `
local permitId = ARGV[1]
local removed = 0
for index = 1, #KEYS do
  removed = removed + redis.call('ZREM', KEYS[index], ARGV[index + 1] .. '|' .. permitId)
end
return removed
`;

/**
 * KEYS: state. ARGV: retry-after ms (-1: none), the throttled permit's grant time (-1: none), decrease
 * factor, minimum fraction, default backoff ms, max backoff ms, state time-to-live ms.
 * Returns {pausedUntil, fraction, now}.
 */
export const throttleScript = `${readNow}
local retryAfterMs = tonumber(ARGV[1])
local grantedAt = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'pausedUntil', 'fraction', 'lastCutAt', 'consecutive')
local pausedUntil = tonumber(state[1]) or 0
local fraction = tonumber(state[2]) or 1
local lastCutAt = tonumber(state[3]) or -1
local consecutive = tonumber(state[4]) or 0
-- A 429 for a request granted before the last cut was sent at the old rate: the same overload, echoed.
local isNew
if grantedAt >= 0 then isNew = grantedAt > lastCutAt else isNew = now >= pausedUntil end
if isNew then
  fraction = math.max(tonumber(ARGV[4]), fraction * tonumber(ARGV[3]))
  lastCutAt = now
  consecutive = consecutive + 1
end
local pauseMs = retryAfterMs
if pauseMs < 0 then pauseMs = tonumber(ARGV[5]) * math.pow(2, math.max(0, consecutive - 1)) end
pauseMs = math.min(pauseMs, tonumber(ARGV[6]))
if now + pauseMs > pausedUntil then pausedUntil = now + pauseMs end
redis.call('HSET', KEYS[1], 'pausedUntil', pausedUntil, 'fraction', tostring(fraction), 'lastCutAt', lastCutAt, 'consecutive', consecutive)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[7]))
return {pausedUntil, tostring(fraction), now}
`;

/**
 * KEYS: state. ARGV: increase fraction, state time-to-live ms. Resets the throttle streak and restores
 * part of a cut. Returns the fraction.
 */
export const succeedScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return '1' end
local fraction = tonumber(redis.call('HGET', KEYS[1], 'fraction')) or 1
fraction = math.min(1, fraction + tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'fraction', tostring(fraction), 'consecutive', 0)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return tostring(fraction)
`;
