-- GET /healthz: Vapor's HTTP handling, the middleware and one database query, no session
-- and no page: the floor under every page that reads the database.
request = function()
  return wrk.format("GET", "/healthz")
end
