#!/usr/bin/env bash
# Ordered delivery benchmark (docs/performance.md): R2 (broker -> trigger -> sink, delivered
# events/s at the sink under wrk saturation) for a trigger annotated
# mesh.dev/delivery-order: ordered, against the same trigger unordered, with events spread over
# BENCH_KEYS partition keys (target: ordered >= 0.7x unordered with 1,000 keys).
# Both triggers see the same keyed events; only the annotation differs. Needs wrk and jq.
#
# Environment: BENCH_SECONDS (10) BENCH_WARMUP (15, see run.sh) BENCH_CONNECTIONS (64)
#   BENCH_KEYS (1000) BENCH_MODE (memory | durable) BENCH_PORT (18780: mesh; +1 sink; +2/+3 Orleans)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
KEYS=${BENCH_KEYS:-1000}
MODE=${BENCH_MODE:-memory}
PORT=${BENCH_PORT:-18780}
MESH_URL=http://127.0.0.1:$PORT
SINK_URL=http://127.0.0.1:$((PORT + 1))
BENCH_DLL=$ROOT/bench/Mesh.Bench/bin/Release/net10.0/Mesh.Bench.dll
SILO_DLL=$ROOT/Mesh.Silo/bin/Release/net10.0/Mesh.Silo.dll
WORK=$(mktemp -d /tmp/mesh-ordered.XXXXXX)
PIDS=()

log() { printf '[ordered] %s\n' "$*" >&2; }
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
count() { curl -s --max-time 5 "$SINK_URL/stats" | jq -r .count; }
drain() { # wait until the sink stops receiving for a second
  local before after
  before=$(count)
  for _ in $(seq 1 120); do sleep 1; after=$(count); [[ $after == "$before" ]] && return 0; before=$after; done
}

# declare NS ORDER: a broker and a trigger to the sink, annotated with ORDER.
declare_pair() {
  local ns=$1 order=$2
  put "/apis/eventing.knative.dev/v1/namespaces/$ns/brokers/default" \
    "{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"Broker\",\"metadata\":{\"name\":\"default\",\"namespace\":\"$ns\"}}"
  put "/apis/eventing.knative.dev/v1/namespaces/$ns/triggers/sink" \
    "{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"Trigger\",\"metadata\":{\"name\":\"sink\",\"namespace\":\"$ns\",\"annotations\":{\"mesh.dev/delivery-order\":\"$order\"}},\"spec\":{\"broker\":\"default\",\"subscriber\":{\"uri\":\"$SINK_URL/\"}}}"
  ready "/apis/eventing.knative.dev/v1/namespaces/$ns/triggers/sink"
}

# measure NS: warm-up, then delivered events/s at the sink over the measured run.
measure() {
  local url=$MESH_URL/$1/default
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$ROOT/bench/wrk/delivery-keys.lua" "$url" -- "$KEYS" >"$WORK/$1.warmup.wrk"
  drain; curl -s -o /dev/null -X POST "$SINK_URL/reset"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency -s "$ROOT/bench/wrk/delivery-keys.lua" "$url" -- "$KEYS" >"$WORK/$1.wrk"
  drain
  curl -s "$SINK_URL/stats" >"$WORK/$1.sink.json"
  jq -r '"\(.ratePerSecond|floor) \(.count) \(.p50Ms) \(.p99Ms)"' "$WORK/$1.sink.json"
}

command -v wrk >/dev/null || { log "wrk is missing: apt-get install -y wrk"; exit 1; }
command -v jq >/dev/null || { log "jq is missing: apt-get install -y jq"; exit 1; }
log "building (Release)"
dotnet build "$ROOT/bench/Mesh.Bench" -c Release -nologo -v quiet >"$WORK/build-bench.log" 2>&1 || { cat "$WORK/build-bench.log"; exit 1; }
dotnet build "$ROOT/Mesh.Silo" -c Release -nologo -v quiet >"$WORK/build-silo.log" 2>&1 || { cat "$WORK/build-silo.log"; exit 1; }
log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $KEYS keys, $MODE mode, ${WARMUP}s warm-up + ${DURATION}s"

dotnet "$BENCH_DLL" sink --urls "$SINK_URL" >"$WORK/sink.log" 2>&1 &
PIDS+=($!)
wait_ok "$SINK_URL/stats" 20
dotnet "$SILO_DLL" --contentRoot "$(dirname "$SILO_DLL")" --urls "$MESH_URL" --Mesh:Dashboard=false \
  --Mesh:DataDirectory="$WORK/mesh-data" --Mesh:Durability="${MODE^}" \
  --Mesh:SiloPort=$((PORT + 2)) --Mesh:GatewayPort=$((PORT + 3)) >"$WORK/mesh.log" 2>&1 &
PIDS+=($!)
wait_ok "$MESH_URL/readyz" 90
declare_pair unordered unordered
declare_pair ordered ordered

log "R2 unordered"
read -r u_rps u_count u_p50 u_p99 < <(measure unordered)
log "R2 ordered"
read -r o_rps o_count o_p50 o_p99 < <(measure ordered)

echo
echo "| R2, $KEYS keys, $MODE mode | delivered events/s | delivered | p50 (ms) | p99 (ms) |"
echo "|---|---|---|---|---|"
echo "| unordered | $u_rps | $u_count | $u_p50 | $u_p99 |"
echo "| ordered | $o_rps | $o_count | $o_p50 | $o_p99 |"
echo
echo "ordered / unordered: $(awk -v o="$o_rps" -v u="$u_rps" 'BEGIN { if (u > 0) printf "%.2f", o / u; else print "-" }')× (target ≥ 0.7×)"
