-- wrk script: GET a random one of the 1,000 seeded Observations.
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/Observation/bench-" .. math.random(1, 1000))
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout))
end
