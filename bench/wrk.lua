-- wrk script of bench/run: rotate over the URLs in the file given after "--",
-- and report the figures as one JSON line (wrk itself prints no p95), with the
-- queries per request the benchmark server states in X-Bench-Queries.

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

local paths = {}
local index = 0
queries_sum = 0
queries_max = -1
counted = 0

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  file:close()
  -- Each thread starts somewhere else in the list.
  index = math.random(0, #paths - 1)
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  local queries = tonumber(headers["X-Bench-Queries"] or headers["x-bench-queries"] or "")
  if queries then
    queries_sum = queries_sum + queries
    counted = counted + 1
    if queries > queries_max then
      queries_max = queries
    end
  end
end

function done(summary, latency, requests)
  local sum, most, n = 0, -1, 0
  for _, thread in ipairs(threads) do
    sum = sum + thread:get("queries_sum")
    n = n + thread:get("counted")
    most = math.max(most, thread:get("queries_max"))
  end
  local errors = summary.errors
  io.write(string.format(
    'LCBENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"queries_sum": %d, "queries_counted": %d, "queries_max": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    sum, n, most,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
