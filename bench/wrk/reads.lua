-- GET /charges?limit=10 as the first user of the token table, with the same PERCENTILE lines as
-- get.lua: the read latency other users see while charges run.
dofile(os.getenv("TOKENS"))
wrk.headers["Authorization"] = "Bearer " .. tokens[1]
wrk.path = "/charges?limit=10"

-- paced: a client reading, not a second load generator competing for the two cores
function delay()
  return 10
end

local errors = 0
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

function done(summary, latency, requests)
  print("STATUSES other=" .. (summary.errors.status or 0))
  for _, p in ipairs({50, 90, 99, 99.9}) do print(string.format("PERCENTILE %s %.3f", p, latency:percentile(p) / 1000.0)) end
end
