#!/usr/bin/env bash
# The control plane at scale (docs/performance.md): BENCH_TRIGGERS triggers applied to one broker
# through the resource API (Mesh.Bench triggers, BENCH_PARALLEL at a time; each has a filter no
# event matches), then:
#   - how long the applies took, and whether every apply answered Ready;
#   - memory per idle trigger: the silo's RSS growth over BENCH_TRIGGERS more triggers applied
#     after the first ones, divided by their number (the first batch also pays one-time costs,
#     reported beside it), each read after BENCH_SETTLE seconds and a full garbage collection
#     (dotnet-gcdump collect induces a blocking gen-2 collection; without the tool the reading is
#     taken as the GC left it), and the managed heap after that collection (the dump's "GC Heap
#     bytes"), the part of RSS the mesh's objects account for (the rest is the runtime, native
#     SQLite caches and free GC space);
#   - a restart on the same data (with both batches): seconds from start until /readyz answers 200 (every stored
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
GCDUMP=$(command -v dotnet-gcdump || echo "$HOME/.dotnet/tools/dotnet-gcdump")
# full_gc PID NAME: a full blocking collection in the silo (the dump is a by-product); prints the
# live managed heap in KiB, or "?" without the tool.
full_gc() {
  if [[ -x $GCDUMP ]] && "$GCDUMP" collect -p "$1" -o "$WORK/$2.gcdump" >"$WORK/$2.gcdump.log" 2>&1; then
    "$GCDUMP" report "$WORK/$2.gcdump" 2>/dev/null | awk '/GC Heap bytes/ {gsub(",", "", $1); printf "%d", $1 / 1024; found = 1} END {if (!found) print "?"}'
  else
    echo "?"
  fi
}
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

require_tools "$PORT" $((PORT + 3))
build_all
machine_note

start_sink sink "$SINK_URL"

start_mesh "$MODE" $((PORT + 2)) $((PORT + 3)) --Mesh:Durability="${MODE^}"
mesh_pid=$STARTED
apply "$API/brokers/default" "$(broker_json "$NS" default)"
apply "$API/triggers/probe" "$(trigger_json "$NS" probe default "$SINK_URL/" '{"attributes":{"type":"dev.mesh.bench"}}')"
wait_ready "$API/triggers/probe"
[[ $(post_event "$MESH_URL/$NS/default") == 202 ]] || { log "the mesh did not take an event: $(cat "$WORK/last-response.txt")"; exit 1; }
sleep "$SETTLE"
heap_before=$(full_gc "$mesh_pid" before)
rss_before=$(rss_kib "$mesh_pid")

log "applying $TRIGGERS triggers, $PARALLEL at a time"
dotnet "$BENCH_DLL" triggers --mesh "$MESH_URL" --sink "$SINK_URL/" --broker "$NS/default" \
  --count "$TRIGGERS" --parallel "$PARALLEL" | tee "$WORK/apply.json"
sleep "$SETTLE"
heap_first=$(full_gc "$mesh_pid" first)
rss_first=$(rss_kib "$mesh_pid")

# The first batch also pays what is paid once: the apply path's code compiled again at higher
# tiers (the JIT's double-mapped code shows in RSS) and the GC heap's first growth. What each more
# idle trigger costs is measured on a second batch of the same size.
log "applying $TRIGGERS more triggers"
dotnet "$BENCH_DLL" triggers --mesh "$MESH_URL" --sink "$SINK_URL/" --broker "$NS/default" \
  --count "$TRIGGERS" --parallel "$PARALLEL" --first "$TRIGGERS" | tee "$WORK/apply-more.json"
sleep "$SETTLE"
heap_after=$(full_gc "$mesh_pid" after)
rss_after=$(rss_kib "$mesh_pid")
per_trigger() { awk -v a="$1" -v b="$2" -v n="$TRIGGERS" 'BEGIN { if (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/) printf "%.1f", (a - b) / n; else print "?" }'; }

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
echo "| RSS per idle trigger, KiB, from $TRIGGERS to $(( 2 * TRIGGERS )) triggers ($(( rss_first / 1024 )) → $(( rss_after / 1024 )) MiB, after a full GC) | $(per_trigger "$rss_after" "$rss_first") | ≤ 4 KiB |"
echo "| the same over the first $TRIGGERS, one-time costs included ($(( rss_before / 1024 )) → $(( rss_first / 1024 )) MiB; live heap $heap_before → $heap_first KiB) | $(per_trigger "$rss_first" "$rss_before") | |"
echo "| managed heap per idle trigger, KiB, from $TRIGGERS to $(( 2 * TRIGGERS )) (live after a full GC: $heap_first → $heap_after KiB) | $(per_trigger "$heap_after" "$heap_first") | |"
echo "| restart with $(( 2 * TRIGGERS )) triggers until /readyz, seconds | $restart_seconds | < 15 s (10,000) |"
echo "| an event after the restart routed (ingress answered $code) | $routed | yes |"
