-- wrk script for bench/wrk.sh: sends the pre-generated, signed requests of bench/wrk-requests.py, each
-- once (a webhook sent twice would be a replay, which the gateway answers from its stored reply with
-- less work), and ends the run when every one is answered. Every answer is checked for the normal prompt.
--
--   wrk -t T -c C -d LIMIT -s bench/wrk-requests.lua URL -- PREFIX EXPECTED SUMMARY T APP_PID REDIS_PID CLK_TCK
--
-- PREFIX.<thread>.req holds the thread's requests; EXPECTED is text every normal answer contains (the
-- next step's action URL); SUMMARY is the JSON file done() writes; T is wrk's -t again. The CPU time of
-- wrk, the app, Redis and the whole machine is read from /proc at the first request and the last answer,
-- so loading the requests (before) and waiting for the SIGINT (after) are not counted.
--
-- wrk itself always runs for -d and divides by it, so the rate is timed here: from the thread's first
-- request to its last answer, on the monotonic clock (LuaJIT's FFI). When the last thread has its
-- last answer it sends wrk the SIGINT that Ctrl-C would, which ends the run at once.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
int kill(int pid, int signal);
int getpid(void);
]]
local timespec = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC: the same clock in every thread
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) * 1e-9
end

-- utime + stime of a process (every thread), in clock ticks.
local function process_ticks(pid)
  local file = io.open("/proc/" .. pid .. "/stat", "r")
  if not file then return 0 end
  local text = file:read("*a")
  file:close()
  local fields = {}
  for field in text:match("%) (.*)"):gmatch("%S+") do fields[#fields + 1] = field end
  return tonumber(fields[12]) + tonumber(fields[13]) -- fields 14 and 15 of stat; the list starts at field 3
end

-- Busy ticks of the whole machine (every core): user, nice, system, irq, softirq, steal.
local function machine_ticks()
  local file = io.open("/proc/stat", "r")
  local line = file:read("*l")
  file:close()
  local f = {}
  for n in line:gmatch("%d+") do f[#f + 1] = tonumber(n) end
  return f[1] + f[2] + f[3] + f[6] + f[7] + f[8]
end

local function cpu_now()
  return { process_ticks("self"), process_ticks(app_pid), process_ticks(redis_pid), machine_ticks() }
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  expected, summary_path, thread_count = args[2], args[3], tonumber(args[4])
  app_pid, redis_pid, clock_ticks = args[5], args[6], tonumber(args[7])
  local file = assert(io.open(args[1] .. "." .. id .. ".req", "rb"))
  local data = file:read("*a")
  file:close()
  requests = {}
  local at = 1
  while at <= #data do
    local newline = data:find("\n", at, true)
    local length = tonumber(data:sub(at, newline - 1))
    requests[#requests + 1] = data:sub(newline + 1, newline + length)
    at = newline + length + 1
  end
  data = nil
  collectgarbage()
  given, normal, other, samples, odd, first_at, last_at, cpu_first, cpu_last = 0, 0, 0, {}, {}, 0, 0, {}, {}
  -- wrk calls request() once on the first thread to check the script before the run, and does not send
  -- what it returns: that first request is handed out again, so it is still sent once.
  checked = (id ~= 0)
end

-- Once every request is handed out, a connection waits (an hour, far past -d) instead of sending another.
function delay()
  return given >= #requests and 3600000 or 0
end

function request()
  if not checked then
    checked = true
    return requests[1]
  end
  if given >= #requests then return "" end -- another connection took the last one since delay() was asked
  if given == 0 then
    first_at = now()
    cpu_first = cpu_now()
  end
  given = given + 1
  return requests[given]
end

-- The last thread to finish ends the run: each leaves a file saying it is done, then looks for the others'.
local function finished()
  cpu_last = cpu_now()
  local mine = assert(io.open(summary_path .. "." .. id .. ".done", "w"))
  mine:close()
  for t = 0, thread_count - 1 do
    local other = io.open(summary_path .. "." .. t .. ".done", "r")
    if not other then return end
    other:close()
  end
  ffi.C.kill(ffi.C.getpid(), 2)
end

function response(status, headers, body)
  last_at = now()
  if status == 200 and body:find(expected, 1, true) then
    normal = normal + 1
    if #samples < 2 then samples[#samples + 1] = body end
  else
    other = other + 1
    if #odd < 3 then odd[#odd + 1] = status .. " " .. body end
  end
  if normal + other == #requests then finished() end
end

local function quote(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local given_all, normal_all, other_all, samples_all, odd_all, first, last = 0, 0, 0, {}, {}, math.huge, 0
  local cpu_first, cpu_last, first_cpu_at, last_cpu_at = nil, nil, math.huge, 0
  for _, thread in ipairs(threads) do
    if thread:get("given") > 0 then
      first = math.min(first, thread:get("first_at"))
      if thread:get("first_at") < first_cpu_at then first_cpu_at, cpu_first = thread:get("first_at"), thread:get("cpu_first") end
    end
    last = math.max(last, thread:get("last_at"))
    local thread_last = thread:get("cpu_last")
    if #thread_last > 0 and thread:get("last_at") >= last_cpu_at then last_cpu_at, cpu_last = thread:get("last_at"), thread_last end
    given_all = given_all + thread:get("given")
    normal_all = normal_all + thread:get("normal")
    other_all = other_all + thread:get("other")
    for _, s in ipairs(thread:get("samples")) do samples_all[#samples_all + 1] = quote(s) end
    for _, s in ipairs(thread:get("odd")) do odd_all[#odd_all + 1] = quote(s) end
  end
  local seconds = math.max(last - first, 1e-6)
  local e = summary.errors
  -- Without a last answer in every thread (a run cut short by -d) the CPU figures are left out.
  local cpu = "null"
  if cpu_first and cpu_last then
    local tick = threads[1]:get("clock_ticks")
    cpu = string.format('{"tool":%.2f,"app":%.2f,"redis":%.2f,"machine":%.2f}', (cpu_last[1] - cpu_first[1]) / tick,
      (cpu_last[2] - cpu_first[2]) / tick, (cpu_last[3] - cpu_first[3]) / tick, (cpu_last[4] - cpu_first[4]) / tick)
  end
  local out = assert(io.open(threads[1]:get("summary_path"), "w"))
  out:write(string.format(
    '{"sent":%d,"answered":%d,"normal":%d,"other":%d,"seconds":%.3f,"perSecond":%.1f,' ..
    '"p50Ms":%.2f,"p99Ms":%.2f,"maxMs":%.2f,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"cpuSeconds":%s,"samples":[%s],"other_samples":[%s]}\n',
    given_all, summary.requests, normal_all, other_all, seconds, (normal_all + other_all) / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout, cpu,
    table.concat(samples_all, ","), table.concat(odd_all, ",")))
  out:close()
end
