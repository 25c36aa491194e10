-- POST /charge for random users of the token table; every request a new Idempotency-Key
-- (mode "new"), or one of KEYS existing keys per user (mode "replay"); mode "seed" walks every
-- (user, key) of "replay" once, then stops; mode "refused" sends new keys with an amount of 0, which
-- the service refuses (400) before any claim, and counts those 400s apart. Counts answers by status.
-- Optional pacing: PACE_MS milliseconds between two requests of one connection.
local mode = os.getenv("MODE") or "new"
local keys = tonumber(os.getenv("KEYS") or "20")
local pace = tonumber(os.getenv("PACE_MS") or "0")
local run = os.getenv("RUN_ID") or tostring(os.time())
local counter = 0
local thread_id = 0
local threads = {}
local names = { "s201", "s400", "s402", "s409", "s429", "s503", "s4xx", "s5xx", "sother" }

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  dofile(os.getenv("TOKENS"))
  math.randomseed(os.time() + id * 7919)
  for _, name in ipairs(names) do _G[name] = 0 end
end

function delay()
  return pace
end

function request()
  counter = counter + 1
  local user = math.random(#tokens)
  local key
  if mode == "seed" then
    local i = (counter - 1) * 2 + (id - 1)
    if i >= #tokens * keys then
      wrk.thread:stop()
    end
    user = (i % #tokens) + 1
    key = "replay-" .. user .. "-" .. (math.floor(i / #tokens) % keys + 1)
  elseif mode == "replay" then
    key = "replay-" .. user .. "-" .. math.random(keys)
  else
    key = run .. "-" .. id .. "-" .. counter
  end
  local amount = (mode == "refused") and 0 or (100 + user)
  local body = '{"amount":' .. amount .. ',"currency":"usd","source":"tok_visa","description":"bench"}'
  return wrk.format("POST", "/charge", {
    ["Authorization"] = "Bearer " .. tokens[user],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = key }, body)
end

function response(status, headers, body)
  local name = "s" .. status
  if mode == "refused" then
    -- only a 400 is right for an amount of 0: a charge (201, 402) or any other answer is an error
    if status == 400 then name = "s400" elseif status >= 500 then name = "s5xx" elseif status >= 400 then
      name = "s4xx" else name = "sother" end
  elseif status ~= 201 and status ~= 402 and status ~= 409 and status ~= 429 and status ~= 503 then
    -- a 400 among charges counts as an error (4xx)
    if status >= 500 then name = "s5xx" elseif status >= 400 then name = "s4xx" else name = "sother" end
  end
  _G[name] = _G[name] + 1
end

function done(summary, latency, requests)
  local line = "STATUSES"
  for _, name in ipairs(names) do
    local n = 0
    for _, thread in ipairs(threads) do n = n + (thread:get(name) or 0) end
    line = line .. " " .. string.sub(name, 2) .. "=" .. n
  end
  print(line)
  for _, p in ipairs({50, 90, 99, 99.9}) do
    print(string.format("PERCENTILE %s %.3f", p, latency:percentile(p) / 1000.0))
  end
end
