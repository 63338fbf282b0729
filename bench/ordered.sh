#!/usr/bin/env bash
# Ordered delivery benchmark (docs/performance.md): R2 (broker -> trigger -> sink, delivered
# events/s at the sink under wrk saturation) for a trigger annotated
# mesh.dev/delivery-order: ordered, against the same trigger unordered, with events spread over
# BENCH_KEYS partition keys (target: ordered >= 0.7x unordered with 1,000 keys).
# Both triggers see the same keyed events; only the annotation differs. BENCH_REPEATS rounds, each
# measuring both; the table shows medians. Everything runs on 127.0.0.1 and is stopped on exit.
#
# Environment: BENCH_SECONDS (10) BENCH_WARMUP (15, see run.sh) BENCH_CONNECTIONS (64) BENCH_REPEATS (3)
#   BENCH_KEYS (1000) BENCH_MODE (memory | durable) BENCH_PORT (18780: mesh; +1 sink; +2/+3 Orleans)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-15}
THREADS=2
CONNECTIONS=${BENCH_CONNECTIONS:-64}
REPEATS=${BENCH_REPEATS:-3}
KEYS=${BENCH_KEYS:-1000}
MODE=${BENCH_MODE:-memory}
PORT=${BENCH_PORT:-18780}
MESH_URL=http://127.0.0.1:$PORT
SINK_URL=http://127.0.0.1:$((PORT + 1))
START_TIMEOUT=90
DRAIN_TIMEOUT=120

WORK=$(mktemp -d /tmp/mesh-ordered.XXXXXX)
LOG_TAG=ordered
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

# declare_pair NS ORDER: a broker and a trigger to the sink, annotated with ORDER.
declare_pair() {
  local ns=$1 order=$2 api=/apis/eventing.knative.dev/v1/namespaces/$1
  apply "$api/brokers/default" "$(broker_json "$ns" default)"
  apply "$api/triggers/sink" \
    "{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"Trigger\",\"metadata\":{\"name\":\"sink\",\"namespace\":\"$ns\",\"annotations\":{\"mesh.dev/delivery-order\":\"$order\"}},\"spec\":{\"broker\":\"default\",\"subscriber\":{\"uri\":\"$SINK_URL/\"}}}"
  wait_ready "$api/triggers/sink"
}

# measure NAME NS: warm-up, then "rps count p50 p99" at the sink over the measured run.
measure() {
  local url=$MESH_URL/$2/default
  wrk_once "$1.warmup" "$WARMUP" "$ROOT/bench/wrk/delivery-keys.lua" "$url" "$KEYS"
  sink_drain; sink_reset
  wrk_once "$1" "$DURATION" "$ROOT/bench/wrk/delivery-keys.lua" "$url" "$KEYS"
  sink_drain
  sink_stats >"$WORK/$1.sink.json"
  jq -r '"\(.ratePerSecond|floor) \(.count) \(.p50Ms) \(.p99Ms)"' "$WORK/$1.sink.json"
}

require_tools "$PORT" $((PORT + 3))
build_all
machine_note
log "$KEYS keys, $MODE mode, ${WARMUP}s warm-up + ${DURATION}s, $REPEATS rounds"

start_sink sink "$SINK_URL"
start_mesh "$MODE" $((PORT + 2)) $((PORT + 3)) --Mesh:Durability="${MODE^}"
declare_pair unordered unordered
declare_pair ordered ordered

declare -A R
for round in $(seq 1 "$REPEATS"); do
  for order in unordered ordered; do
    log "round $round: R2 $order"
    read -r R[$round,$order,rps] R[$round,$order,count] R[$round,$order,p50] R[$round,$order,p99] < <(measure "$order-$round" "$order")
  done
done
med() { local r values=(); for r in $(seq 1 "$REPEATS"); do values+=("${R[$r,$1,$2]:-}"); done; median "${values[@]}"; }
runs() { local r out=(); for r in $(seq 1 "$REPEATS"); do out+=("${R[$r,$1,rps]:-?}"); done; echo "${out[*]}"; }

log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| R2, $KEYS keys, $MODE mode (medians of $REPEATS) | delivered events/s [runs] | delivered per run | p50 (ms) | p99 (ms) |"
echo "|---|---|---|---|---|"
for order in unordered ordered; do
  echo "| $order | $(med $order rps) [$(runs $order)] | $(med $order count) | $(med $order p50) | $(med $order p99) |"
done
echo
echo "ordered / unordered: $(ratio "$(med ordered rps)" "$(med unordered rps)")× (target ≥ 0.7×)"
