-- GET a page as signed-in people, rotating over their session cookies: SITLESS_PATH, by
-- default / (the Today page); /healthz gives the session read with no page.
local cookies = {}
for line in io.lines(os.getenv("SITLESS_COOKIES")) do cookies[#cookies + 1] = line end
local path = os.getenv("SITLESS_PATH") or "/"
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", path, { ["Cookie"] = "sitless-session=" .. cookies[(n % #cookies) + 1] })
end
