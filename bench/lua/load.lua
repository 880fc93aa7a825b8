-- wrk script: cycles through the requests listed in $BENCH_TARGETS (one per line:
-- METHOD <tab> PATH <tab> BODY), with the session cookie in $BENCH_COOKIE, and prints one
-- JSON line of results when done. Each thread starts at its own offset and steps by the
-- number of threads, so no two threads send the same line (a draft screening is submitted
-- once per pass).

local targets = {}
local threads = {}
local counter = 0

local function load_targets()
  local list = {}
  for line in io.lines(os.getenv("BENCH_TARGETS")) do
    local method, path, body = line:match("^([^\t]*)\t([^\t]*)\t?(.*)$")
    if method then
      table.insert(list, { method = method, path = path, body = body })
    end
  end
  return list
end

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  targets = load_targets()
  step = tonumber(os.getenv("BENCH_THREADS") or "1")
  index = id - 1
  statuses = {}
  local cookie = os.getenv("BENCH_COOKIE") or ""
  headers = { ["Cookie"] = cookie }
end

function request()
  local target = targets[(index % #targets) + 1]
  index = index + step
  local h = { ["Cookie"] = headers["Cookie"] }
  if target.method == "POST" then
    h["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", target.path, h, target.body)
  end
  return wrk.format("GET", target.path, h)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for code, n in pairs(counts) do
      merged[code] = (merged[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(merged) do
    table.insert(parts, string.format('"%s": %d', code, n))
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"mean_us": %.1f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}, "statuses": {%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    table.concat(parts, ", ")))
end
