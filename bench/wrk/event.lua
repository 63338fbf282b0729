-- wrk script for R1: POST one static CloudEvent shaped as real producers send them.
--   wrk ... -s event.lua URL -- SHAPE
-- SHAPE is {realistic,1k,64k}-{binary,structured}: id, source, type, subject, time and
-- datacontenttype, with a ~100-byte JSON body (realistic) or one padded to 1 KiB or 64 KiB of data.
-- Static on purpose: building a request per call in Lua would make wrk, not the server, the
-- bottleneck on two cores. Ingress does not deduplicate, so one id is fine.
local attributes = {
  { "id", "8f7c2a3e-5b1d-4c9e-9a0f-2d6b7e1c4a55" },
  { "source", "https://shop.example.com/orders" },
  { "type", "com.example.order.created" },
  { "subject", "order-42" },
  { "time", "2026-11-27T10:15:30.123Z" },
}

local function data(size)
  local base = '{"orderId":"order-42","customer":"c-1337","total":129.95,"currency":"EUR","items":3,"express":false'
  if size == nil then return base .. "}" end
  -- Padded with a note so that the data is exactly `size` bytes of JSON.
  local open, close = ',"note":"', '"}'
  return base .. open .. string.rep("x", size - #base - #open - #close) .. close
end

local sizes = { realistic = nil, ["1k"] = 1024, ["64k"] = 65536 }

function init(args)
  local shape = args[1] or "realistic-binary"
  local size_name, mode = shape:match("^(%w+)-(%a+)$")
  if size_name == nil or (size_name ~= "realistic" and sizes[size_name] == nil) then
    error("unknown shape '" .. shape .. "': {realistic,1k,64k}-{binary,structured}")
  end
  local body = data(sizes[size_name])
  local headers = {}
  -- BENCH_TOKEN (run.sh's senders mode): a bearer token for the broker's audience.
  if os.getenv("BENCH_TOKEN") then headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") end
  if mode == "binary" then
    headers["Content-Type"] = "application/json"
    headers["ce-specversion"] = "1.0"
    for _, a in ipairs(attributes) do headers["ce-" .. a[1]] = a[2] end
  elseif mode == "structured" then
    headers["Content-Type"] = "application/cloudevents+json"
    local fields = { '"specversion":"1.0"' }
    for _, a in ipairs(attributes) do fields[#fields + 1] = '"' .. a[1] .. '":"' .. a[2] .. '"' end
    fields[#fields + 1] = '"datacontenttype":"application/json"'
    fields[#fields + 1] = '"data":' .. body
    body = "{" .. table.concat(fields, ",") .. "}"
  else
    error("unknown mode '" .. mode .. "': binary or structured")
  end
  req = wrk.format("POST", nil, headers, body)
end

function request()
  return req
end
