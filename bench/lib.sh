# Shared by the bench scripts (sourced, not run). Each script sets, before sourcing:
#   ROOT, WORK (its scratch directory), and whatever of WARMUP DURATION THREADS CONNECTIONS
#   MESH_URL SINK_URL DRAIN_TIMEOUT START_TIMEOUT its functions use; LOG_TAG names it in logs.
# Everything started with `start` is stopped on exit.

BENCH_DLL=$ROOT/bench/Mesh.Bench/bin/Release/net10.0/Mesh.Bench.dll
SILO_DLL=$ROOT/Mesh.Silo/bin/Release/net10.0/Mesh.Silo.dll
PIDS=()

log() { printf '[%s] %s\n' "${LOG_TAG:-bench}" "$*" >&2; }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    # Bounded: a process that ignores SIGTERM for 5 s gets SIGKILL.
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  log "logs kept in $WORK"
  rm -rf "$WORK"/mesh-data-*
}
trap cleanup EXIT

# start NAME COMMAND...: run in the background, output to $WORK/NAME.log, remembered for cleanup;
# the process id (of COMMAND itself, not a subshell) is left in STARTED.
STARTED=
start() {
  local name=$1; shift
  "$@" >"$WORK/$name.log" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
}

stop() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

# wait_status URL STATUS SECONDS PID: poll until URL answers STATUS, the process dies, or time runs out.
wait_status() {
  local url=$1 want=$2 limit=$3 pid=$4 code=none
  for _ in $(seq 1 $((limit * 5))); do
    kill -0 "$pid" 2>/dev/null || { log "process $pid exited while waiting for $url"; return 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    [[ $code == "$want" ]] && return 0
    sleep 0.2
  done
  log "$url did not answer $want within ${limit}s (last: $code)"
  return 1
}

# start_sink NAME URL [ARGS...]: a Mesh.Bench sink (ARGS: --delay-ms, --fail-percent) on URL,
# waited for until it answers; its process id is left in STARTED.
start_sink() {
  local name=$1 url=$2; shift 2
  start "$name" dotnet "$BENCH_DLL" sink --urls "$url" "$@"
  wait_status "$url/stats" 200 20 "$STARTED"
}

# require_tools: wrk, jq and curl, and a free range of ports from $1 to $2.
require_tools() {
  local port
  command -v wrk >/dev/null || { log "wrk is missing: apt-get install -y wrk"; exit 1; }
  command -v jq >/dev/null || { log "jq is missing: apt-get install -y jq"; exit 1; }
  # Something already listening would be measured instead of what the script starts.
  for port in $(seq "$1" "$2"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "port $port is in use; choose another base with BENCH_PORT"
      exit 1
    fi
  done
}

# build_all: Mesh.Bench and Mesh.Silo in Release; exits when either fails.
build_all() {
  log "building (Release)"
  dotnet build "$ROOT/bench/Mesh.Bench" -c Release -nologo -v quiet >"$WORK/build-bench.log" 2>&1 \
    || { cat "$WORK/build-bench.log"; exit 1; }
  dotnet build "$ROOT/Mesh.Silo" -c Release -nologo -v quiet >"$WORK/build-silo.log" 2>&1 \
    || { log "Mesh.Silo does not build (see $WORK/build-silo.log)"; exit 1; }
}

# post_event URL: one binary CloudEvent; prints the status code.
post_event() {
  curl -s -o "$WORK/last-response.txt" -w '%{http_code}' --max-time 5 -X POST "$1" \
    -H 'Content-Type: application/json' -H 'ce-specversion: 1.0' -H 'ce-type: dev.mesh.bench' \
    -H 'ce-source: /bench' -H "ce-id: probe-$RANDOM" ${BENCH_TOKEN:+-H "Authorization: Bearer $BENCH_TOKEN"} \
    -d '{"message":"probe"}' || true
}

# to_ms VALUE: wrk's "1.23ms" / "850.00us" / "1.05s" in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) printf "%.2f", substr(v, 1, length(v) - 2) / 1000;
    else if (v ~ /ms$/) printf "%.2f", substr(v, 1, length(v) - 2);
    else if (v ~ /m$/) printf "%.2f", substr(v, 1, length(v) - 1) * 60000;
    else if (v ~ /s$/) printf "%.2f", substr(v, 1, length(v) - 1) * 1000;
    else print "?" }'
}

# cpu_ticks PID: user + system CPU the process has used, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# wrk_once NAME SECONDS SCRIPT URL [SCRIPT-ARGS...]: one wrk run, output in $WORK/NAME.wrk.
wrk_once() {
  local name=$1 seconds=$2 script=$3 url=$4; shift 4
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s --latency -s "$script" "$url" ${1:+--} "$@" >"$WORK/$name.wrk"
}

# wrk_summary NAME: "rps p50ms p99ms bad requests" of $WORK/NAME.wrk, where bad counts non-2xx
# answers and socket errors (a run with bad > 0 is not a valid result).
wrk_summary() {
  local out=$WORK/$1.wrk rps p50 p99 non2xx errors total
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  errors=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
  total=$(awk '/requests in/ {print $1}' "$out")
  echo "$rps $p50 $p99 $(( ${non2xx:-0} + ${errors:-0} )) ${total:-0}"
}

# run_wrk NAME SCRIPT URL [SCRIPT-ARGS...]: warm-up, then the measured run; prints wrk_summary.
run_wrk() {
  local name=$1 script=$2 url=$3; shift 3
  wrk_once "$name.warmup" "$WARMUP" "$script" "$url" "$@"
  wrk_once "$name" "$DURATION" "$script" "$url" "$@"
  wrk_summary "$name"
}

sink_stats() { curl -s --max-time 5 "$SINK_URL/stats"; }
sink_reset() { curl -s -o /dev/null --max-time 5 -X POST "$SINK_URL/reset"; }

# sink_drain: wait until the sink's count stops growing for a second (at most DRAIN_TIMEOUT).
sink_drain() {
  local before after
  before=$(sink_stats | jq -r .count)
  for _ in $(seq 1 "${DRAIN_TIMEOUT:-60}"); do
    sleep 1
    after=$(sink_stats | jq -r .count)
    [[ $after == "$before" ]] && return 0
    before=$after
  done
  log "the sink was still receiving after ${DRAIN_TIMEOUT:-60}s"
}

# apply PATH JSON: PUT an object through the mesh's resource API.
apply() {
  local path=$1 body=$2 code
  code=$(curl -s -o "$WORK/apply.json" -w '%{http_code}' --max-time 30 -X PUT "$MESH_URL$path" \
    -H 'Content-Type: application/json' -d "$body" || true)
  [[ $code == 200 || $code == 201 ]] || { log "PUT $path answered $code: $(cat "$WORK/apply.json")"; return 1; }
}

# wait_ready PATH: poll until the object's status has Ready=True.
wait_ready() {
  local path=$1
  for _ in $(seq 1 $((${START_TIMEOUT:-60} * 2))); do
    curl -s --max-time 2 "$MESH_URL$path" \
      | jq -e '.status.conditions // [] | any(.type == "Ready" and .status == "True")' >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  log "$path not Ready within ${START_TIMEOUT:-60}s: $(curl -s --max-time 2 "$MESH_URL$path")"
  return 1
}

# start_mesh NAME SILO_PORT GATEWAY_PORT ARGS...: Mesh.Silo on MESH_URL with a fresh data directory,
# dashboard off; waits for /readyz. The process id is left in STARTED.
start_mesh() {
  local name=$1 silo_port=$2 gateway_port=$3; shift 3
  local data="$WORK/mesh-data-$name"
  mkdir -p "$data"
  log "mesh ($name): starting Mesh.Silo $*"
  # --contentRoot: appsettings.json sits beside the dll; without it the silo, started from here,
  # runs without its log filters and writes five Information lines per request.
  start "mesh-$name" dotnet "$SILO_DLL" --contentRoot "$(dirname "$SILO_DLL")" --urls "$MESH_URL" \
    --Mesh:Dashboard=false --Mesh:DataDirectory="$data" \
    --Mesh:SiloPort="$silo_port" --Mesh:GatewayPort="$gateway_port" "$@"
  wait_status "$MESH_URL/readyz" 200 "${START_TIMEOUT:-60}" "$STARTED"
}

# broker_json NS NAME / trigger_json NS NAME BROKER SUBSCRIBER [FILTER-JSON] [DELIVERY-JSON]
broker_json() {
  echo "{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"Broker\",\"metadata\":{\"name\":\"$2\",\"namespace\":\"$1\"},\"spec\":{}}"
}
trigger_json() {
  local filter=${5:+,\"filter\":$5} delivery=${6:+,\"delivery\":$6}
  echo "{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"Trigger\",\"metadata\":{\"name\":\"$2\",\"namespace\":\"$1\"},\"spec\":{\"broker\":\"$3\",\"subscriber\":{\"uri\":\"$4\"}$filter$delivery}}"
}

# median VALUES...: the middle value (the lower middle of an even count); "–" when none is numeric.
median() {
  printf '%s\n' "$@" | { grep -E '^[0-9.]+$' || true; } | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "–"; else print v[int((NR + 1) / 2)] }'
}

# flag VALUE BAD: the value, marked when the run had error answers (then it is not a valid result).
flag() { if [[ ${2:-0} =~ ^[0-9]+$ ]] && (( $2 > 0 )); then echo "$1 ($2 errors!)"; else echo "$1"; fi; }

ratio() { awk -v m="$1" -v b="$2" 'BEGIN { if (m ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.2f", m / b; else print "–" }'; }

# machine_note: cores and load average, with a warning when the machine is busy.
machine_note() {
  log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  awk '$1 > 1.0 { print "[bench] warning: the machine is busy (load average " $1 "); numbers will be noisy" }' /proc/loadavg >&2
}
