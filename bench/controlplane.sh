#!/usr/bin/env bash
# The control plane at scale (docs/performance.md): BENCH_TRIGGERS triggers applied to one broker
# through the resource API (Mesh.Bench triggers, BENCH_PARALLEL at a time; each has a filter no
# event matches), then:
#   - how long the applies took, and whether every apply answered Ready;
#   - memory per idle trigger: the silo's RSS growth over the applies, divided by their number,
#     read after BENCH_SETTLE seconds;
#   - a restart on the same data: seconds from start until /readyz answers 200 (every stored
#     declaration reconciled), and an event still routed to a trigger applied before it.
# Everything runs on 127.0.0.1; everything started here is stopped on exit.
#
# Environment: BENCH_TRIGGERS (10000) BENCH_PARALLEL (8) BENCH_MODE (memory) BENCH_SETTLE (5)
#   BENCH_START_TIMEOUT (120) BENCH_PORT (18980: the mesh; +1 sink; +2/+3 the silo's Orleans ports)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRIGGERS=${BENCH_TRIGGERS:-10000}
PARALLEL=${BENCH_PARALLEL:-8}
MODE=${BENCH_MODE:-memory}
SETTLE=${BENCH_SETTLE:-5}
START_TIMEOUT=${BENCH_START_TIMEOUT:-120}
PORT=${BENCH_PORT:-18980}
MESH_URL=http://127.0.0.1:$PORT
SINK_URL=http://127.0.0.1:$((PORT + 1))
NS=bench
API=/apis/eventing.knative.dev/v1/namespaces/$NS

WORK=$(mktemp -d /tmp/mesh-controlplane.XXXXXX)
LOG_TAG=controlplane
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

require_tools "$PORT" $((PORT + 3))
build_all
machine_note

start sink dotnet "$BENCH_DLL" sink --urls "$SINK_URL"
wait_status "$SINK_URL/stats" 200 20 "$STARTED"

start_mesh "$MODE" $((PORT + 2)) $((PORT + 3)) --Mesh:Durability="${MODE^}"
mesh_pid=$STARTED
apply "$API/brokers/default" "$(broker_json "$NS" default)"
apply "$API/triggers/probe" "$(trigger_json "$NS" probe default "$SINK_URL/" '{"attributes":{"type":"dev.mesh.bench"}}')"
wait_ready "$API/triggers/probe"
[[ $(post_event "$MESH_URL/$NS/default") == 202 ]] || { log "the mesh did not take an event: $(cat "$WORK/last-response.txt")"; exit 1; }
sleep "$SETTLE"
rss_before=$(rss_kib "$mesh_pid")

log "applying $TRIGGERS triggers, $PARALLEL at a time"
dotnet "$BENCH_DLL" triggers --mesh "$MESH_URL" --sink "$SINK_URL/" --broker "$NS/default" \
  --count "$TRIGGERS" --parallel "$PARALLEL" | tee "$WORK/apply.json"
sleep "$SETTLE"
rss_after=$(rss_kib "$mesh_pid")
per_trigger=$(awk -v a="$rss_after" -v b="$rss_before" -v n="$TRIGGERS" 'BEGIN { printf "%.1f", (a - b) / n }')

log "restarting on the same data"
stop "$mesh_pid"
started=$(now)
start_mesh "$MODE" $((PORT + 2)) $((PORT + 3)) --Mesh:Durability="${MODE^}"
mesh_pid=$STARTED
restart_seconds=$(seconds_since "$started")
sink_reset
code=$(post_event "$MESH_URL/$NS/default")
routed=no
for _ in $(seq 1 50); do
  [[ $(sink_stats | jq -r .count) -ge 1 ]] && { routed=yes; break; }
  sleep 0.2
done
stop "$mesh_pid"

log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| measure | value | target |"
echo "|---|---|---|"
echo "| applying $TRIGGERS triggers ($PARALLEL at a time), seconds | $(jq -r '.seconds | . * 10 | floor / 10' "$WORK/apply.json") ($(jq -r '.appliesPerSecond | floor' "$WORK/apply.json")/s; $(jq -r .ready "$WORK/apply.json") answered Ready, $(jq -r .failed "$WORK/apply.json") failed) | < 30 s |"
echo "| slowest apply, ms | $(jq -r '.slowestApplyMs | floor' "$WORK/apply.json") | |"
echo "| RSS per idle trigger, KiB ($(( rss_before / 1024 )) → $(( rss_after / 1024 )) MiB) | $per_trigger | ≤ 4 KiB |"
echo "| restart with $TRIGGERS triggers until /readyz, seconds | $restart_seconds | < 15 s |"
echo "| an event after the restart routed (ingress answered $code) | $routed | yes |"
