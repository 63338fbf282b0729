-- wrk script for ordered R2: as delivery.lua, plus a ce-partitionkey drawn at random from KEYS keys
-- (first script argument, default 1000), so that an ordered trigger has that many keys in play.
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
local keys = 1000
local head, tail

function init(args)
  keys = tonumber(args[1]) or 1000
  math.randomseed((thread_id or 0) * 7919)
  local body = '{"message":"hello from wrk","seq":0}'
  head = "POST " .. wrk.path .. " HTTP/1.1\r\n"
    .. "Host: " .. wrk.host .. ":" .. wrk.port .. "\r\n"
    .. "Content-Type: application/json\r\n"
    .. "Content-Length: " .. #body .. "\r\n"
    .. "ce-specversion: 1.0\r\n"
    .. "ce-type: dev.mesh.bench\r\n"
    .. "ce-source: /bench/wrk\r\n"
    .. "ce-id: " .. (thread_id or 0) .. "-"
  tail = "\r\n\r\n" .. body
end

function request()
  seq = seq + 1
  ffi.C.gettimeofday(now, nil)
  local micros = tonumber(now.tv_sec) * 1000000 + tonumber(now.tv_usec)
  return head .. seq .. "\r\nce-partitionkey: k" .. math.random(0, keys - 1)
    .. "\r\nce-benchts: " .. string.format("%d", micros) .. tail
end
