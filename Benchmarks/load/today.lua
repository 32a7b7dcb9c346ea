-- GET / (the Today page) as signed-in people, rotating over their session cookies.
local cookies = {}
for line in io.lines(os.getenv("SITLESS_COOKIES")) do cookies[#cookies + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/", { ["Cookie"] = "sitless-session=" .. cookies[(n % #cookies) + 1] })
end
