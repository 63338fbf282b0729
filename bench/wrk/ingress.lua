-- wrk script for R1: POST the same binary-mode CloudEvent with a small JSON body.
-- Static on purpose: a per-request Lua body would make wrk, not the server, the bottleneck
-- on two cores. Ingress does not deduplicate, so one id is fine.
wrk.method = "POST"
wrk.body = '{"message":"hello from wrk","seq":0}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["ce-specversion"] = "1.0"
-- BENCH_TOKEN (the senders mode): a bearer token for the broker's audience.
if os.getenv("BENCH_TOKEN") then wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") end
wrk.headers["ce-type"] = "dev.mesh.bench"
wrk.headers["ce-source"] = "/bench/wrk"
wrk.headers["ce-id"] = "wrk-1"
