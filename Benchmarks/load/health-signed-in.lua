-- GET /healthz with a signed-in person's session cookie: the floor plus the session read
-- every signed-in page makes, still without a page.
local cookies = {}
for line in io.lines(os.getenv("SITLESS_COOKIES")) do cookies[#cookies + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/healthz", { ["Cookie"] = "sitless-session=" .. cookies[(n % #cookies) + 1] })
end
