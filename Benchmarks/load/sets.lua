-- POST a set to each person's session in progress through the API, rotating over them.
-- Each line of SITLESS_SESSIONS: "<token> <workout id>".
local people = {}
for line in io.lines(os.getenv("SITLESS_SESSIONS")) do
  local token, workout = line:match("(%S+) (%S+)")
  people[#people + 1] = { token = token, path = "/api/v1/users/me/workouts/" .. workout .. "/sets" }
end
local body = '{"item":1,"reps":15,"effort":5,"pain":0}'
local n = 0
request = function()
  n = n + 1
  local p = people[(n % #people) + 1]
  return wrk.format("POST", p.path, { ["Authorization"] = "Bearer " .. p.token, ["Content-Type"] = "application/json" }, body)
end
