-- wrk script: POSTs pre-signed, unique Thirdfort notifications (one per line: signature TAB body),
-- each wrk thread taking every n-th line, and prints one machine-readable summary line.
local lines, threads = {}, {}
local stride, i = 1, 0
-- id stays a global: setup() sets it in each thread's own Lua state (thread:set sets globals), and
-- a local of the same name here would hide it, so every thread would send the same ids.

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local tab = line:find("\t", 1, true)
    table.insert(lines, { sig = line:sub(1, tab - 1), body = line:sub(tab + 1) })
  end
  stride = tonumber(args[2]) or 1
  i = id or 0
end

function request()
  local r = lines[(i % #lines) + 1]
  i = i + stride
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["x-thirdfort-signature"] = r.sig }, r.body)
end

function done(summary, latency, requests)
  local non2xx = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK requests=%d seconds=%.3f p50=%.3f p99=%.3f p999=%.3f errors=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, non2xx))
end
