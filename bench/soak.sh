#!/usr/bin/env bash
# Memory soak (docs/performance.md): a broker with two triggers, one subscriber answering after
# 200 ms and one answering at once, producers (wrk) at full speed for BENCH_SOAK_SECONDS. The silo's
# resident memory is sampled every second with both sinks' counts and the mesh's accepted count
# (from /metrics) into soak.csv, then drawn as soak.svg. After the load the slow sink speeds up and
# the script waits for both sinks to have every accepted event. Each sample also has the silo's
# anonymous memory (GC heap and native allocations) and mesh.journal.queue.depth; at the end of the
# load, when dotnet-gcdump is installed, the heap is dumped and its largest types listed.
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
WORK=$(mktemp -d /tmp/mesh-soak.XXXXXX)
OUT=${BENCH_OUT:-$WORK}
LOG_TAG=soak
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

count() { curl -s --max-time 5 "$1/stats" | jq -r '.count // 0'; }
accepted() { curl -s --max-time 5 "$MESH_URL/metrics" | awk '/^mesh_ingress_events_total\{.*http_response_status_code="202"/ { sum += $NF } END { printf "%d", sum }'; }
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
# Anonymous memory (GC heap and native allocations), apart from code and mapped files.
anon_mib() { awk '/^RssAnon:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
journal_queue() { curl -s --max-time 5 "$MESH_URL/metrics" | awk '/^mesh_journal_queue_depth/ { sum += $NF } END { printf "%d", sum }'; }

require_tools "$PORT" $((PORT + 4))
build_all
machine_note
log "$MODE mode, ${SECONDS_TOTAL}s, slow sink ${SLOW_MS} ms"

start_sink slow-sink "$SLOW_URL" --delay-ms "$SLOW_MS"
start_sink fast-sink "$FAST_URL"
START_TIMEOUT=90
start_mesh "$MODE" $((PORT + 3)) $((PORT + 4)) --Mesh:Durability="${MODE^}" "$@"
SILO=$STARTED
apply /apis/eventing.knative.dev/v1/namespaces/soak/brokers/default "$(broker_json soak default)"
for sink in slow fast; do
  url=$SLOW_URL; [[ $sink == fast ]] && url=$FAST_URL
  apply "/apis/eventing.knative.dev/v1/namespaces/soak/triggers/$sink" "$(trigger_json soak "$sink" default "$url/")"
  wait_ready "/apis/eventing.knative.dev/v1/namespaces/soak/triggers/$sink"
done

log "load for ${SECONDS_TOTAL}s"
start soak-wrk wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_TOTAL}s" --timeout 10s -s "$ROOT/bench/wrk/delivery.lua" "$MESH_URL/soak/default"
WRK=$STARTED
echo "seconds,rss_mib,accepted,fast,slow,anon_mib,journal_queue" >"$OUT/soak.csv"
began=$(date +%s.%N)
tick=0
while kill -0 "$WRK" 2>/dev/null; do
  # On the second, whatever a sample took: sleep until the next one is due.
  tick=$((tick + 1))
  sleep "$(awk -v s="$began" -v n="$(date +%s.%N)" -v t="$tick" 'BEGIN { w = s + t - n; printf "%.3f", (w > 0 ? w : 0) }')"
  elapsed=$(awk -v s="$began" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", n - s }')
  echo "$elapsed,$(rss_mib "$SILO"),$(accepted),$(count "$FAST_URL"),$(count "$SLOW_URL"),$(anon_mib "$SILO"),$(journal_queue)" >>"$OUT/soak.csv"
done

# What the managed heap holds at the end of the load, by type (dotnet-gcdump forces a full GC first).
if command -v dotnet-gcdump >/dev/null 2>&1 || [[ -x $HOME/.dotnet/tools/dotnet-gcdump ]]; then
  gcdump=$(command -v dotnet-gcdump || echo "$HOME/.dotnet/tools/dotnet-gcdump")
  "$gcdump" collect -p "$SILO" -o "$OUT/end-of-load.gcdump" >/dev/null 2>&1 \
    && "$gcdump" report "$OUT/end-of-load.gcdump" 2>/dev/null | head -25 >"$OUT/end-of-load-heap.txt" \
    && log "managed heap at the end of the load: $OUT/end-of-load-heap.txt (RSS after its full GC $(rss_mib "$SILO") MiB)"
fi

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
