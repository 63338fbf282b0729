#!/usr/bin/env bash
# Fan-out and failures (docs/performance.md):
#   R3  one event to 10 matching triggers: deliveries/s at the sink, mesh against a forwarder that
#       makes the same 10 POSTs per event at once (Mesh.Bench baseline-forwarder --fanout 10);
#   R5  one trigger to a sink that answers 503 to 10% of requests, retried: ingress p99 at a fixed
#       rate (1,000 ev/s) against the same run to a sink that never fails, and every event
#       delivered (distinct ids at the sink = events accepted).
# Medians of BENCH_REPEATS runs after a warm-up. Everything runs on 127.0.0.1 and is stopped on exit.
#
# Environment: BENCH_SECONDS (10) BENCH_WARMUP (15) BENCH_REPEATS (3) BENCH_THREADS (2)
#   BENCH_CONNECTIONS (64) BENCH_RATE (1000) BENCH_FANOUT (10) BENCH_FAIL_PERCENT (10)
#   BENCH_MODE (memory) BENCH_PARTS ("r3 r5") BENCH_START_TIMEOUT (60) BENCH_DRAIN_TIMEOUT (60)
#   BENCH_PORT (18880: the mesh; +1 sink; +2 failing sink; +3 forwarder; +4/+5 Orleans ports)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-15}
REPEATS=${BENCH_REPEATS:-3}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
RATE=${BENCH_RATE:-1000}
FANOUT=${BENCH_FANOUT:-10}
FAIL_PERCENT=${BENCH_FAIL_PERCENT:-10}
MODE=${BENCH_MODE:-memory}
PARTS=${BENCH_PARTS:-r3 r5}
START_TIMEOUT=${BENCH_START_TIMEOUT:-60}
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-60}
PORT=${BENCH_PORT:-18880}
MESH_URL=http://127.0.0.1:$PORT
SINK_URL=http://127.0.0.1:$((PORT + 1))
FAILING_SINK_URL=http://127.0.0.1:$((PORT + 2))
FORWARDER_URL=http://127.0.0.1:$((PORT + 3))
NS=bench
API=/apis/eventing.knative.dev/v1/namespaces/$NS

WORK=$(mktemp -d /tmp/mesh-fanout.XXXXXX)
LOG_TAG=fanout
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

# delivered NAME URL PID: warm-up, then REPEATS wrk runs into URL; prints one line per run:
# "deliveries/s deliveries requests-sent errors server-µs sink-µs", the last two the CPU time
# (user+system) per delivery of PID (the mesh or the forwarder) and of the sink, from the start
# of the run until the sink has drained.
delivered() {
  local name=$1 url=$2 pid=$3 run bad total server sink count
  wrk_once "$name.warmup" "$WARMUP" "$ROOT/bench/wrk/delivery.lua" "$url"
  for run in $(seq 1 "$REPEATS"); do
    sink_drain; sink_reset
    server=$(cpu_ticks "$pid"); sink=$(cpu_ticks "$sink_pid")
    wrk_once "$name-$run" "$DURATION" "$ROOT/bench/wrk/delivery.lua" "$url"
    sink_drain
    server=$(( $(cpu_ticks "$pid") - server )); sink=$(( $(cpu_ticks "$sink_pid") - sink ))
    read -r _ _ _ bad total < <(wrk_summary "$name-$run")
    sink_stats >"$WORK/$name-$run.sink.json"
    count=$(jq -r .count "$WORK/$name-$run.sink.json")
    echo "$(jq -r '.ratePerSecond | floor' "$WORK/$name-$run.sink.json") $count $total $bad $(per_delivery "$server" "$count") $(per_delivery "$sink" "$count")"
  done
}

# per_delivery TICKS COUNT: CPU µs per delivery.
per_delivery() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v n="$2" 'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "–" }'; }

# at_rate NAME URL SINK: warm-up, then REPEATS constant-rate runs into URL with SINK_URL=SINK;
# prints one line per run: "ingress-p99-ms accepted distinct-delivered refused-by-sink failed-sends".
at_rate() {
  local name=$1 url=$2 run
  SINK_URL=$3
  dotnet "$BENCH_DLL" load --target "$url" --rate "$RATE" --duration "$WARMUP" >"$WORK/$name.warmup.json" || true
  for run in $(seq 1 "$REPEATS"); do
    # Retries of earlier events must not be counted against this run.
    sink_drain; sink_reset
    dotnet "$BENCH_DLL" load --target "$url" --rate "$RATE" --duration "$DURATION" >"$WORK/$name-$run.json" || true
    sink_drain
    echo "$(jq -r '"\(.responseP99Ms) \(.ok)"' "$WORK/$name-$run.json") $(sink_stats | tee "$WORK/$name-$run.sink.json" | jq -r '"\(.distinct) \(.refused)"') $(jq -r .failed "$WORK/$name-$run.json")"
  done
}

# column N LINES: the Nth field of each line, as words; pairs N M LINES: "n/m, n/m" per line.
column() { awk -v n="$1" '{ print $n }' <<<"$2" | xargs; }
pairs() { awk -v n="$1" -v m="$2" '{ printf "%s%s/%s", (NR > 1 ? ", " : ""), $n, $m }' <<<"$3"; }

require_tools "$PORT" $((PORT + 5))
build_all
machine_note
log "wrk -t$THREADS -c$CONNECTIONS; ${WARMUP}s warm-up + $REPEATS × ${DURATION}s; $FANOUT triggers; $FAIL_PERCENT% failures at $RATE ev/s"

start_sink sink "$SINK_URL"
sink_pid=$STARTED
start_sink failing-sink "$FAILING_SINK_URL" --fail-percent "$FAIL_PERCENT"

if [[ $PARTS == *r3* ]]; then
  log "baseline: forwarder making $FANOUT POSTs per event"
  start forwarder dotnet "$BENCH_DLL" baseline-forwarder --urls "$FORWARDER_URL" --sink "$SINK_URL/" --fanout "$FANOUT"
  forwarder_pid=$STARTED
  wait_status "$FORWARDER_URL/$NS/fanout" 405 20 "$forwarder_pid"
  r3_baseline=$(delivered forwarder "$FORWARDER_URL/$NS/fanout" "$forwarder_pid")
  stop "$forwarder_pid"
fi

start_mesh "$MODE" $((PORT + 4)) $((PORT + 5)) --Mesh:Durability="${MODE^}"
mesh_pid=$STARTED
if [[ $PARTS == *r3* ]]; then
  apply "$API/brokers/fanout" "$(broker_json "$NS" fanout)"
  for i in $(seq 1 "$FANOUT"); do apply "$API/triggers/fan-$i" "$(trigger_json "$NS" "fan-$i" fanout "$SINK_URL/")"; done
  wait_ready "$API/triggers/fan-$FANOUT"
  log "mesh ($MODE): R3, one broker, $FANOUT triggers"
  r3_mesh=$(delivered mesh-r3 "$MESH_URL/$NS/fanout" "$mesh_pid")
fi
if [[ $PARTS == *r5* ]]; then
  # Retries close together, so that a refused event arrives within the run.
  retry='{"retry":10,"backoffPolicy":"linear","backoffDelay":"PT0.01S"}'
  for target in steady failing; do
    apply "$API/brokers/$target" "$(broker_json "$NS" "$target")"
    url=$SINK_URL; [[ $target == failing ]] && url=$FAILING_SINK_URL
    apply "$API/triggers/$target" "$(trigger_json "$NS" "$target" "$target" "$url/" "" "$retry")"
    wait_ready "$API/triggers/$target"
  done
  log "mesh ($MODE): R5 at $RATE ev/s, sink never failing"
  r5_steady=$(at_rate r5-steady "$MESH_URL/$NS/steady" "$SINK_URL")
  log "mesh ($MODE): R5 at $RATE ev/s, sink answering 503 to $FAIL_PERCENT%"
  r5_failing=$(at_rate r5-failing "$MESH_URL/$NS/failing" "$FAILING_SINK_URL")
fi
stop "$mesh_pid"

log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
if [[ $PARTS == *r3* ]]; then
  b=$(median $(column 1 "$r3_baseline")); m=$(median $(column 1 "$r3_mesh"))
  echo "R3: one event to $FANOUT matching triggers, deliveries/s at the sink (medians of $REPEATS × ${DURATION}s, runs in brackets)"
  echo
  echo "| | deliveries/s | deliveries/events answered, per run | errors | CPU µs per delivery: server, sink |"
  echo "|---|---|---|---|---|"
  echo "| forwarder, $FANOUT POSTs per event | $b [$(column 1 "$r3_baseline")] | $(pairs 2 3 "$r3_baseline") | $(column 4 "$r3_baseline") | $(median $(column 5 "$r3_baseline")), $(median $(column 6 "$r3_baseline")) |"
  echo "| mesh ($MODE), $FANOUT triggers | $m [$(column 1 "$r3_mesh")] | $(pairs 2 3 "$r3_mesh") | $(column 4 "$r3_mesh") | $(median $(column 5 "$r3_mesh")), $(median $(column 6 "$r3_mesh")) |"
  echo "| **mesh / forwarder** | **$(ratio "$m" "$b")×** | | | target ≥ 0.7× |"
  echo
fi
if [[ $PARTS == *r5* ]]; then
  s=$(median $(column 1 "$r5_steady")); f=$(median $(column 1 "$r5_failing"))
  echo "R5: ingress p99 at $RATE ev/s with the sink refusing $FAIL_PERCENT% (503, retried), medians of $REPEATS × ${DURATION}s"
  echo
  echo "| sink | ingress p99 ms | events accepted | distinct delivered | 503s answered | failed sends |"
  echo "|---|---|---|---|---|---|"
  echo "| never fails | $s [$(column 1 "$r5_steady")] | $(column 2 "$r5_steady") | $(column 3 "$r5_steady") | $(column 4 "$r5_steady") | $(column 5 "$r5_steady") |"
  echo "| fails $FAIL_PERCENT% | $f [$(column 1 "$r5_failing")] | $(column 2 "$r5_failing") | $(column 3 "$r5_failing") | $(column 4 "$r5_failing") | $(column 5 "$r5_failing") |"
  echo "| **failing / steady** | **$(ratio "$f" "$s")×** | | | | target ≤ 1.2×, all delivered |"
fi
