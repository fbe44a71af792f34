// The run store's Lua scripts (stores/run-store.ts): each does in one step what must not be cut in two.

/** Notes a line's activity. KEYS[n]: the active lines; ARGV: line, now (ms), ttl (s), max lines. */
const TOUCH = `
local function touch(key, line, now, ttl, max)
  redis.call('zadd', key, now, line)
  redis.call('zremrangebyscore', key, '-inf', now - ttl * 1000)
  redis.call('zremrangebyrank', key, 0, -(max + 1))
  redis.call('expire', key, ttl)
end`;

/**
 * Joins the line in one step: the record, its phase and its place in the line are written together
 * (a heaven killed halfway through used to leave a record outside the line, waiting forever). A
 * record that already has a phase (waiting, running, done) is left as it is.
 * KEYS: record, line, active lines; ARGV: line, ref, id, now, ttl, max lines.
 */
export const ENTER = `${TOUCH}
if redis.call('hget', KEYS[1], 'phase') then return 0 end
redis.call('hset', KEYS[1], 'line', ARGV[1], 'phase', 'waiting', 'ref', ARGV[2])
redis.call('expire', KEYS[1], ARGV[5])
redis.call('zadd', KEYS[2], 'NX', ARGV[3], ARGV[3])
redis.call('expire', KEYS[2], ARGV[5])
touch(KEYS[3], ARGV[1], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))
return 1`;

/**
 * Takes the runner's place if this run holds it or is first in line, in one step; keeps the line and
 * the record alive. KEYS: runner, line, record; ARGV: id, ttl. Returns {1, id} or {0, the one ahead}.
 */
export const TRY_START = `
redis.call('expire', KEYS[2], ARGV[2])
redis.call('expire', KEYS[3], ARGV[2])
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] then return {1, holder} end
if holder then return {0, holder} end
local first = redis.call('zrange', KEYS[2], 0, 0)[1]
if first ~= ARGV[1] then return {0, first or '0'} end
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('hset', KEYS[3], 'phase', 'running')
return {1, ARGV[1]}`;

/** Adds a history entry. KEYS: history, active lines; ARGV: line, now, ttl, max lines, entry, size. */
export const ADD_HISTORY = `${TOUCH}
redis.call('lpush', KEYS[1], ARGV[5])
redis.call('ltrim', KEYS[1], 0, tonumber(ARGV[6]) - 1)
redis.call('expire', KEYS[1], ARGV[3])
touch(KEYS[2], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))
return 1`;
