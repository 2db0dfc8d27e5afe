-- POST /c/{token}: the form submitted with the box ticked and a valid antiforgery pair, each request
-- with a fresh token (thread N takes the Nth slice of the file, never a token twice), so every
-- request is a real confirmation: state change, consent receipt, visit evidence, one transaction.
local tokens = {}
local next_index, last_index = 1, 0
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("offset", thread_count)
end

function init(args)
  -- A browser's User-Agent: without one every visit counts as automated and none moves Sent -> Visited.
  wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36"
  local all = {}
  for line in io.lines(os.getenv("TOKENS")) do all[#all + 1] = line end
  local threads = tonumber(os.getenv("THREADS"))
  local slice = math.floor(#all / threads)
  for i = (offset - 1) * slice + 1, offset * slice do tokens[#tokens + 1] = all[i] end
  last_index = #tokens
end

local body = "Input.Consent=true&__RequestVerificationToken=" .. os.getenv("FORM_TOKEN")
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Cookie"] = os.getenv("COOKIE"),
}

function request()
  if next_index > last_index then
    -- Out of fresh tokens: a replay would measure "already confirmed", not a confirmation.
    wrk.thread:stop()
  end
  local token = tokens[next_index]
  next_index = next_index + 1
  return wrk.format("POST", "/c/" .. token, headers, body)
end
