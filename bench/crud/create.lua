-- wrk script: POST a small Patient (server assigns the id).
wrk.method = "POST"
wrk.path = "/Patient"
wrk.headers["Content-Type"] = "application/fhir+json"
wrk.body = '{"resourceType":"Patient","identifier":[{"system":"http://example.org/bench","value":"b1"}],"name":[{"family":"Bench","given":["Wrk"]}],"gender":"female","birthDate":"1970-01-01"}'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status + e.connect + e.read + e.write + e.timeout))
end
