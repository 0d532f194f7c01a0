-- The request of `npm run bench` (bench/run.ts runs wrk with it), and its report:
--
--   wrk -t1 -c<connections> -d<seconds>s --latency -s bench/wrk.lua <url> -- "<name>: <value>" ...
--
-- Every argument after `--` is a request header, e.g. "accept-encoding: gzip, deflate, br, zstd"
-- or "cookie: urbis_session=…": the headers of the scenario, set once, so that wrk builds its
-- one request with them (no Lua runs per request: wrk stays as fast as without a script).
-- At the end it prints one line, "WRK_RESULT {json}", with the counts bench/run.ts checks:
-- responses, bytes, socket errors, timeouts, answers with a status of 400 or more
-- (errors.status), and latency percentiles in µs.

function init(args)
  for _, header in ipairs(args) do
    local colon = string.find(header, ":", 1, true)
    if not colon then
      error("not a header (name: value): " .. header)
    end
    local name = string.sub(header, 1, colon - 1)
    local value = string.gsub(string.sub(header, colon + 1), "^%s+", "")
    wrk.headers[name] = value
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local parts = {
    string.format('"durationUs":%d', summary.duration),
    string.format('"requests":%d', summary.requests),
    string.format('"bytes":%d', summary.bytes),
    string.format(
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}',
      e.connect,
      e.read,
      e.write,
      e.status,
      e.timeout
    ),
    string.format(
      '"latencyUs":{"min":%d,"mean":%.1f,"max":%d,"p50":%d,"p90":%d,"p99":%d}',
      latency.min,
      latency.mean,
      latency.max,
      latency:percentile(50),
      latency:percentile(90),
      latency:percentile(99)
    ),
  }
  io.write("WRK_RESULT {" .. table.concat(parts, ",") .. "}\n")
end
