-- wrk script: GETs the paths listed in a file (one per line) round-robin, with an optional Accept
-- header from $ACCEPT and an optional Authorization header from $AUTHORIZATION; prints one machine-readable RESULT line at the end.
local paths = {}
local idx = 0

init = function(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  idx = math.random(#paths) - 1
  local accept = os.getenv("ACCEPT")
  if accept and #accept > 0 then wrk.headers["Accept"] = accept end
  local authorization = os.getenv("AUTHORIZATION")
  if authorization and #authorization > 0 then wrk.headers["Authorization"] = authorization end
end

request = function()
  idx = idx % #paths + 1
  return wrk.format("GET", paths[idx])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d bytes=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout, summary.bytes))
end
