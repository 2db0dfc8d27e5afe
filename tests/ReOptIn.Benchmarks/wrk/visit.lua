-- GET /c/{token}: the landing page, each request with the next of the seeded tokens (every thread
-- starts at its own place in the file), as people following their links would.
local tokens = {}
local next_index = 1
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("offset", thread_count)
end

function init(args)
  -- A browser's User-Agent: without one every visit counts as automated and none moves Sent -> Visited.
  wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36"
  for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
  next_index = (offset - 1) * math.floor(#tokens / 16) + 1
end

function request()
  local token = tokens[next_index]
  next_index = next_index % #tokens + 1
  return wrk.format("GET", "/c/" .. token)
end
