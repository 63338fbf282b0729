#!/usr/bin/env bash
# R1 with events as producers send them (docs/performance.md): broker ingress events/s, the mesh
# against bare Kestrel parsing the same event with the CloudEvents SDK (Mesh.Bench
# baseline-ingress), for each shape of bench/wrk/event.lua: a realistic event (id, source, type,
# subject, time, datacontenttype, ~100-byte JSON), 1 KiB and 64 KiB of data, binary and structured.
# Each side gets one warm-up (with the first shape), then BENCH_REPEATS rounds, each of them every
# shape in turn (a short warm-up for the shape, then one measured run), so that no shape's runs all
# come first or last; the
# table shows medians, the ratio of medians, and CPU per event (the server process's user+system
# time over the requests it answered, which a busy machine disturbs less than a rate).
# Everything runs on 127.0.0.1; everything started here is stopped on exit.
#
# Environment: BENCH_SECONDS (10) BENCH_WARMUP (15) BENCH_SHAPE_WARMUP (3) BENCH_REPEATS (3)
#   BENCH_THREADS (2) BENCH_CONNECTIONS (64) BENCH_START_TIMEOUT (60)
#   BENCH_SHAPES ("realistic-binary realistic-structured 1k-binary 1k-structured 64k-binary 64k-structured")
#   BENCH_MODE (memory: the mesh's Mesh:Durability; R1 has no trigger, so both modes take the same path)
#   BENCH_PORT (18780: the mesh; +1 the baseline; +2/+3 the silo's Orleans ports)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-15}
SHAPE_WARMUP=${BENCH_SHAPE_WARMUP:-3}
REPEATS=${BENCH_REPEATS:-3}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
START_TIMEOUT=${BENCH_START_TIMEOUT:-60}
SHAPES=${BENCH_SHAPES:-realistic-binary realistic-structured 1k-binary 1k-structured 64k-binary 64k-structured}
MODE=${BENCH_MODE:-memory}
PORT=${BENCH_PORT:-18780}
MESH_URL=http://127.0.0.1:$PORT
BASELINE_URL=http://127.0.0.1:$((PORT + 1))
NS=bench
BROKER=default
SCRIPT=$ROOT/bench/wrk/event.lua

WORK=$(mktemp -d /tmp/mesh-ingress.XXXXXX)
LOG_TAG=ingress
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

declare -A RPS CPU P99 BAD

# measure SIDE URL PID: the warm-up, then rounds of every shape; fills RPS/CPU/P99/BAD[SIDE,SHAPE]
# with one value per run.
measure() {
  local side=$1 url=$2 pid=$3 shape run before after rps p99 bad total
  log "$side: ${WARMUP}s warm-up"
  wrk_once "$side.warmup" "$WARMUP" "$SCRIPT" "$url" "${SHAPES%% *}"
  for run in $(seq 1 "$REPEATS"); do
    for shape in $SHAPES; do
      wrk_once "$side-$shape-$run.warmup" "$SHAPE_WARMUP" "$SCRIPT" "$url" "$shape"
      before=$(cpu_ticks "$pid")
      wrk_once "$side-$shape-$run" "$DURATION" "$SCRIPT" "$url" "$shape"
      after=$(cpu_ticks "$pid")
      read -r rps _ p99 bad total < <(wrk_summary "$side-$shape-$run")
      RPS[$side,$shape]+=" $rps"; P99[$side,$shape]+=" $p99"; BAD[$side,$shape]=$(( ${BAD[$side,$shape]:-0} + bad ))
      CPU[$side,$shape]+=" $(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$total" 'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "–" }')"
      log "$side $shape run $run: $rps events/s, p99 $p99 ms, $bad errors"
    done
  done
}

require_tools "$PORT" $((PORT + 3))
build_all
machine_note
log "wrk -t$THREADS -c$CONNECTIONS; ${WARMUP}s warm-up, then per shape ${SHAPE_WARMUP}s + $REPEATS × ${DURATION}s"

# The baseline first, stopped before the mesh starts, so that neither side idles beside the other.
start baseline dotnet "$BENCH_DLL" baseline-ingress --urls "$BASELINE_URL"
baseline_pid=$STARTED
wait_status "$BASELINE_URL/$NS/$BROKER" 405 20 "$baseline_pid"
[[ $(post_event "$BASELINE_URL/$NS/$BROKER") == 202 ]] || { log "the baseline did not answer 202"; exit 1; }
measure baseline "$BASELINE_URL/$NS/$BROKER" "$baseline_pid"
stop "$baseline_pid"

start_mesh "$MODE" $((PORT + 2)) $((PORT + 3)) --Mesh:Durability="${MODE^}"
mesh_pid=$STARTED
apply "/apis/eventing.knative.dev/v1/namespaces/$NS/brokers/$BROKER" "$(broker_json "$NS" "$BROKER")"
wait_ready "/apis/eventing.knative.dev/v1/namespaces/$NS/brokers/$BROKER"
[[ $(post_event "$MESH_URL/$NS/$BROKER") == 202 ]] || { log "the mesh did not answer 202: $(cat "$WORK/last-response.txt")"; exit 1; }
measure mesh "$MESH_URL/$NS/$BROKER" "$mesh_pid"
stop "$mesh_pid"

log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "R1 by event shape, mesh ($MODE) against baseline-ingress: medians of $REPEATS × ${DURATION}s (runs in brackets)"
echo
echo "| event | baseline events/s | mesh events/s | mesh / baseline | CPU µs per event, baseline / mesh | p99 ms, baseline / mesh | errors |"
echo "|---|---|---|---|---|---|---|"
for shape in $SHAPES; do
  # shellcheck disable=SC2086 # the runs are words on purpose
  b=$(median ${RPS[baseline,$shape]}); m=$(median ${RPS[mesh,$shape]})
  echo "| $shape | $b [${RPS[baseline,$shape]# }] | $m [${RPS[mesh,$shape]# }] | **$(ratio "$m" "$b")×** |" \
    "$(median ${CPU[baseline,$shape]}) / $(median ${CPU[mesh,$shape]}) | $(median ${P99[baseline,$shape]}) / $(median ${P99[mesh,$shape]}) |" \
    "$(( ${BAD[baseline,$shape]:-0} + ${BAD[mesh,$shape]:-0} )) |"
done
