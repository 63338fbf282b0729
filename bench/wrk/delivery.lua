-- wrk script for R2: POST a binary-mode CloudEvent as real producers send them (id, source, type,
-- subject, time, datacontenttype and a ~100-byte JSON body).
-- Each request gets a unique ce-id and a ce-benchts extension (send time, Unix microseconds)
-- so that a sink can measure end-to-end latency. The request is concatenated by hand:
-- wrk.format per request costs wrk about half its throughput on two cores.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local now = ffi.new("bench_timeval")
local seq = 0
local head, tail

function init(args)
  local body = '{"orderId":"order-42","customer":"c-1337","total":129.95,"currency":"EUR","items":3,"express":false}'
  head = "POST " .. wrk.path .. " HTTP/1.1\r\n"
    .. "Host: " .. wrk.host .. ":" .. wrk.port .. "\r\n"
    .. "Content-Type: application/json\r\n"
    .. "Content-Length: " .. #body .. "\r\n"
    .. (os.getenv("BENCH_TOKEN") and ("Authorization: Bearer " .. os.getenv("BENCH_TOKEN") .. "\r\n") or "")
    .. "ce-specversion: 1.0\r\n"
    .. "ce-type: dev.mesh.bench\r\n"
    .. "ce-source: https://shop.example.com/orders\r\n"
    .. "ce-subject: order-42\r\n"
    .. "ce-time: 2026-11-27T10:15:30.123Z\r\n"
    .. "ce-id: " .. (thread_id or 0) .. "-"
  tail = "\r\n\r\n" .. body
end

function request()
  seq = seq + 1
  ffi.C.gettimeofday(now, nil)
  local micros = tonumber(now.tv_sec) * 1000000 + tonumber(now.tv_usec)
  return head .. seq .. "\r\nce-benchts: " .. string.format("%d", micros) .. tail
end
