#!/usr/bin/env bash
# Routing benchmarks (docs/performance.md):
#   R4  delivered events/s with one matching trigger among 0, 1,000 and 10,000 non-matching
#       triggers on one broker (target: 10,000 >= 0.8x of 0), and memory per idle trigger;
#   R7  channel -> subscription -> sink against broker -> trigger -> sink (target >= 0.9x).
# Everything runs on 127.0.0.1 and is stopped on exit. Needs wrk and jq.
#
# Environment: BENCH_SECONDS (10) BENCH_WARMUP (15, see run.sh) BENCH_CONNECTIONS (64)
#   BENCH_TRIGGERS ("0 1000 10000") BENCH_PORT (18680: mesh; +1 sink; +2/+3 Orleans ports)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
COUNTS=${BENCH_TRIGGERS:-"0 1000 10000"}
PORT=${BENCH_PORT:-18680}
MESH_URL=http://127.0.0.1:$PORT
SINK_URL=http://127.0.0.1:$((PORT + 1))
NS=bench
WORK=$(mktemp -d /tmp/mesh-routing.XXXXXX)
THREADS=2
DRAIN_TIMEOUT=60
LOG_TAG=routing
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

trigger() { # NAME TYPE
  trigger_json "$NS" "$1" default "$SINK_URL/" "{\"attributes\":{\"type\":\"$2\"}}"
}

# delivered URL: events/s reaching the sink while wrk loads URL; prints "rate p50 p99".
delivered() {
  wrk_once delivered.warmup "$WARMUP" "$ROOT/bench/wrk/delivery.lua" "$1"
  sink_drain; sink_reset
  wrk_once delivered "$DURATION" "$ROOT/bench/wrk/delivery.lua" "$1"
  sink_drain
  sink_stats | tee "$WORK/last.sink.json" | jq -r '"\(.ratePerSecond|floor) \(.p50Ms) \(.p99Ms)"'
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

require_tools "$PORT" $((PORT + 3))
build_all
start_sink sink "$SINK_URL"
START_TIMEOUT=90
start_mesh memory $((PORT + 2)) $((PORT + 3))
mesh_pid=$STARTED
log "load average $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNECTIONS, ${WARMUP}s warm-up + ${DURATION}s"

apply /apis/eventing.knative.dev/v1/namespaces/$NS/brokers/default "$(broker_json "$NS" default)"
apply /apis/eventing.knative.dev/v1/namespaces/$NS/triggers/match "$(trigger match dev.mesh.bench)"
wait_ready /apis/eventing.knative.dev/v1/namespaces/$NS/triggers/match

# A discarded first round, so that JIT and connection pools are warm before the baseline row.
delivered "$MESH_URL/$NS/default" >/dev/null
rows=""; base_rate=""; created=0; rss_before=$(rss_kib "$mesh_pid"); per_trigger="–"
for count in $COUNTS; do
  if (( count > created )); then
    log "applying non-matching triggers $created..$((count - 1))"
    seq "$created" $((count - 1)) | xargs -P 4 -I{} curl -s -o /dev/null --max-time 60 -X PUT \
      "$MESH_URL/apis/eventing.knative.dev/v1/namespaces/$NS/triggers/other-{}" -H 'Content-Type: application/json' \
      -d "$(trigger 'other-{}' 'dev.mesh.other.{}')"
    wait_ready "/apis/eventing.knative.dev/v1/namespaces/$NS/triggers/other-$((count - 1))"
    created=$count
    # Idle memory: after a full GC settles, what the new triggers added to the process.
    sleep 2; rss_after=$(rss_kib "$mesh_pid")
    per_trigger=$(awk -v a="$rss_after" -v b="$rss_before" -v n="$count" 'BEGIN { printf "%.1f", (a - b) / n }')
  fi
  log "R4 with $count non-matching triggers"
  read -r rate p50 p99 < <(delivered "$MESH_URL/$NS/default")
  [[ -z $base_rate ]] && base_rate=$rate
  rows+="| R4 delivered events/s, 1 matching + $count non-matching triggers | $rate | $p50 / $p99 | $(awk -v m="$rate" -v b="$base_rate" 'BEGIN { printf "%.2f", m / b }') | KiB RSS per trigger: $per_trigger |"$'\n'
done

log "R7: channel -> subscription -> sink"
apply /apis/messaging.knative.dev/v1/namespaces/$NS/inmemorychannels/ch '{"apiVersion":"messaging.knative.dev/v1","kind":"InMemoryChannel","metadata":{"name":"ch","namespace":"bench"},"spec":{}}'
apply /apis/messaging.knative.dev/v1/namespaces/$NS/subscriptions/sink "{\"apiVersion\":\"messaging.knative.dev/v1\",\"kind\":\"Subscription\",\"metadata\":{\"name\":\"sink\",\"namespace\":\"$NS\"},\"spec\":{\"channel\":{\"apiVersion\":\"messaging.knative.dev/v1\",\"kind\":\"InMemoryChannel\",\"name\":\"ch\"},\"subscriber\":{\"uri\":\"$SINK_URL/\"}}}"
wait_ready /apis/messaging.knative.dev/v1/namespaces/$NS/subscriptions/sink
read -r c_rate c_p50 c_p99 < <(delivered "$MESH_URL/channels/$NS/ch")
rows+="| R7 channel -> subscription delivered events/s (vs R4 with 0) | $c_rate | $c_p50 / $c_p99 | $(awk -v m="$c_rate" -v b="$base_rate" 'BEGIN { printf "%.2f", m / b }') | target ≥ 0.9 |"$'\n'

log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n| measure | events/s | p50 / p99 (ms) | ratio | note |\n|---|---|---|---|---|\n%s' "$rows"
