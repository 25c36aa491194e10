function done(summary, latency, requests)
  print("STATUSES")
  for _, p in ipairs({50, 90, 99, 99.9}) do print(string.format("PERCENTILE %s %.3f", p, latency:percentile(p) / 1000.0)) end
end
