-- wrk's script for npm run bench (bench/load-generator.ts starts wrk with it). Arguments after "--":
--   <SOAPAction or "-"> fixed <body file>
--   <SOAPAction or "-"> achievements <learner templates file> <award dates file> <first achievement> <threads>
-- "achievements" sends a new achievement with every request, the n-th one as bench/achievement-requests.ts
-- numbers them: the learner n mod L (a template line, its award date marked @AWARD_DATE@), the award date
-- floor(n / L) mod D. Thread t of T sends n = first + t, first + t + T, ... so no two requests repeat.
-- At the end one line "BENCH_RESULT {json}" gives the figures and the next unused achievement number.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function read_file(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local prefixes, suffixes, dates = {}, {}, {}
local fixed_request
n = -1
stride = 1

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
  if args[1] ~= "-" then
    wrk.headers["SOAPAction"] = '"' .. args[1] .. '"'
  end
  if args[2] == "fixed" then
    fixed_request = wrk.format(nil, nil, nil, read_file(args[3]))
    return
  end
  for line in io.lines(args[3]) do
    local at = string.find(line, "@AWARD_DATE@", 1, true)
    table.insert(prefixes, string.sub(line, 1, at - 1))
    table.insert(suffixes, string.sub(line, at + string.len("@AWARD_DATE@")))
  end
  for line in io.lines(args[4]) do
    table.insert(dates, line)
  end
  stride = tonumber(args[6])
  n = tonumber(args[5]) + id - stride
end

function request()
  if fixed_request then
    return fixed_request
  end
  n = n + stride
  local learner = n % #prefixes
  local day = math.floor(n / #prefixes) % #dates
  return wrk.format(nil, nil, nil, prefixes[learner + 1] .. dates[day + 1] .. suffixes[learner + 1])
end

function done(summary, latency, requests)
  local next_achievement = 0
  for _, thread in ipairs(threads) do
    local last = thread:get("n")
    if last ~= nil and last + 1 > next_achievement then
      next_achievement = last + 1
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"durationMicros":%d,"non2xx":%d,"errors":%d,"p50Micros":%d,"p99Micros":%d,"nextAchievement":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(99)), next_achievement))
end
