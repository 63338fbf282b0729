#!/usr/bin/env bash
# Memory soak (docs/performance.md): a broker with two triggers, one subscriber answering after
# 200 ms and one answering at once, producers (wrk) at full speed for BENCH_SOAK_SECONDS. The silo's
# resident memory is sampled every second with both sinks' counts and the mesh's accepted count
# (from /metrics) into soak.csv, then drawn as soak.svg. After the load the slow sink speeds up and
# the script waits for both sinks to have every accepted event.
#
# Environment: BENCH_SOAK_SECONDS (600) BENCH_CONNECTIONS (64) BENCH_SLOW_MS (200)
#   BENCH_MODE (memory | durable) BENCH_OUT (directory for soak.csv and soak.svg; default the work dir)
#   BENCH_PORT (18880: mesh; +1 slow sink; +2 fast sink; +3/+4 Orleans ports)
#   Extra arguments are passed to Mesh.Silo (e.g. --Mesh:Delivery:MaxQueuedPerTrigger=2000).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECONDS_TOTAL=${BENCH_SOAK_SECONDS:-600}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
SLOW_MS=${BENCH_SLOW_MS:-200}
MODE=${BENCH_MODE:-memory}
PORT=${BENCH_PORT:-18880}
MESH_URL=http://127.0.0.1:$PORT
SLOW_URL=http://127.0.0.1:$((PORT + 1))
FAST_URL=http://127.0.0.1:$((PORT + 2))
BENCH_DLL=$ROOT/bench/Mesh.Bench/bin/Release/net10.0/Mesh.Bench.dll
SILO_DLL=$ROOT/Mesh.Silo/bin/Release/net10.0/Mesh.Silo.dll
WORK=$(mktemp -d /tmp/mesh-soak.XXXXXX)
OUT=${BENCH_OUT:-$WORK}
PIDS=()

log() { printf '[soak] %s\n' "$*" >&2; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$WORK/mesh-data"
  log "logs kept in $WORK"
}
trap cleanup EXIT

wait_ok() { # URL SECONDS
  for _ in $(seq 1 $(($2 * 5))); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true) == 200 ]] && return 0
    sleep 0.2
  done
  log "$1 not answering 200 after $2 s"; return 1
}
put() { # PATH JSON
  local code
  code=$(curl -s -o "$WORK/put.json" -w '%{http_code}' --max-time 30 -X PUT "$MESH_URL$1" -H 'Content-Type: application/json' -d "$2" || true)
  [[ $code == 200 || $code == 201 ]] || { log "PUT $1 answered $code: $(cat "$WORK/put.json")"; return 1; }
}
ready() { # PATH
  for _ in $(seq 1 240); do
    curl -s --max-time 5 "$MESH_URL$1" | jq -e '.status.conditions // [] | any(.type == "Ready" and .status == "True")' >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  log "$1 not Ready"; return 1
}
count() { curl -s --max-time 5 "$1/stats" | jq -r '.count // 0'; }
accepted() { curl -s --max-time 5 "$MESH_URL/metrics" | awk '/^mesh_events_accepted_total/ { sum += $NF } END { printf "%d", sum }'; }
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

command -v wrk >/dev/null || { log "wrk is missing: apt-get install -y wrk"; exit 1; }
command -v jq >/dev/null || { log "jq is missing: apt-get install -y jq"; exit 1; }
log "building (Release)"
dotnet build "$ROOT/bench/Mesh.Bench" -c Release -nologo -v quiet >"$WORK/build-bench.log" 2>&1 || { cat "$WORK/build-bench.log"; exit 1; }
dotnet build "$ROOT/Mesh.Silo" -c Release -nologo -v quiet >"$WORK/build-silo.log" 2>&1 || { cat "$WORK/build-silo.log"; exit 1; }
log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $MODE mode, ${SECONDS_TOTAL}s, slow sink ${SLOW_MS} ms"

dotnet "$BENCH_DLL" sink --urls "$SLOW_URL" --delay-ms "$SLOW_MS" >"$WORK/slow.log" 2>&1 &
PIDS+=($!)
dotnet "$BENCH_DLL" sink --urls "$FAST_URL" >"$WORK/fast.log" 2>&1 &
PIDS+=($!)
wait_ok "$SLOW_URL/stats" 20
wait_ok "$FAST_URL/stats" 20
dotnet "$SILO_DLL" --contentRoot "$(dirname "$SILO_DLL")" --urls "$MESH_URL" --Mesh:Dashboard=false \
  --Mesh:DataDirectory="$WORK/mesh-data" --Mesh:Durability="${MODE^}" \
  --Mesh:SiloPort=$((PORT + 3)) --Mesh:GatewayPort=$((PORT + 4)) "$@" >"$WORK/mesh.log" 2>&1 &
SILO=$!
PIDS+=("$SILO")
wait_ok "$MESH_URL/readyz" 90
put /apis/eventing.knative.dev/v1/namespaces/soak/brokers/default \
  '{"apiVersion":"eventing.knative.dev/v1","kind":"Broker","metadata":{"name":"default","namespace":"soak"}}'
for sink in slow fast; do
  url=$SLOW_URL; [[ $sink == fast ]] && url=$FAST_URL
  put "/apis/eventing.knative.dev/v1/namespaces/soak/triggers/$sink" \
    "{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"Trigger\",\"metadata\":{\"name\":\"$sink\",\"namespace\":\"soak\"},\"spec\":{\"broker\":\"default\",\"subscriber\":{\"uri\":\"$url/\"}}}"
  ready "/apis/eventing.knative.dev/v1/namespaces/soak/triggers/$sink"
done

log "load for ${SECONDS_TOTAL}s"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TOTAL}s" --timeout 10s -s "$ROOT/bench/wrk/delivery.lua" "$MESH_URL/soak/default" >"$WORK/soak.wrk" 2>&1 &
WRK=$!
PIDS+=("$WRK")
echo "seconds,rss_mib,accepted,fast,slow" >"$OUT/soak.csv"
start=$(date +%s.%N)
tick=0
while kill -0 "$WRK" 2>/dev/null; do
  # On the second, whatever a sample took: sleep until the next one is due.
  tick=$((tick + 1))
  sleep "$(awk -v s="$start" -v n="$(date +%s.%N)" -v t="$tick" 'BEGIN { w = s + t - n; printf "%.3f", w > 0 ? w : 0 }')"
  elapsed=$(awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }')
  echo "$elapsed,$(rss_mib "$SILO"),$(accepted),$(count "$FAST_URL"),$(count "$SLOW_URL")" >>"$OUT/soak.csv"
done

total=$(accepted)
log "load over: $total accepted; the slow sink speeds up"
curl -s -o /dev/null -X PUT "$SLOW_URL/delay/0"
for _ in $(seq 1 1800); do
  [[ $(count "$SLOW_URL") -ge $total && $(count "$FAST_URL") -ge $total ]] && break
  sleep 1
done
slow=$(count "$SLOW_URL"); fast=$(count "$FAST_URL")
dotnet "$BENCH_DLL" plot --csv "$OUT/soak.csv" --svg "$OUT/soak.svg" \
  --title "Memory mode, slow (${SLOW_MS} ms) and fast trigger, producers at full speed: resident memory and backlog" >&2
awk -F, 'NR > 1 { if ($2 > max) max = $2; last = $2 } END { printf "[soak] RSS max %.0f MiB, at the end of the load %.0f MiB\n", max, last }' "$OUT/soak.csv" >&2
least=$(( fast < slow ? fast : slow ))
echo "accepted $total; delivered fast $fast, slow $slow; not delivered $(( total > least ? total - least : 0 )); RSS after the drain $(rss_mib "$SILO") MiB"
log "samples: $OUT/soak.csv, chart: $OUT/soak.svg"
