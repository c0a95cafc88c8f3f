-- wrk script: POSTs pre-signed, unique Thirdfort notifications (one per line: signature TAB body),
-- each wrk thread taking every n-th line, and prints one machine-readable summary line.
local lines, threads = {}, {}
local id, count, stride, i = 0, 0, 1, 0

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
  i = id
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
