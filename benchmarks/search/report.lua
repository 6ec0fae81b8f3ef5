-- wrk script: optional fixed pacing per connection (WRK_DELAY_MS) and a one-line summary with p95.
local d = tonumber(os.getenv("WRK_DELAY_MS") or "0")
if d > 0 then
  function delay() return d end
end
local label = os.getenv("WRK_LABEL") or "run"
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT %-28s requests=%d rate=%.1f/s p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms errors=%d (non-2xx=%d)\n",
    label, summary.requests, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors, e.status))
end
