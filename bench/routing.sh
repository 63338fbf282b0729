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
BENCH_DLL=$ROOT/bench/Mesh.Bench/bin/Release/net10.0/Mesh.Bench.dll
SILO_DLL=$ROOT/Mesh.Silo/bin/Release/net10.0/Mesh.Silo.dll
WORK=$(mktemp -d /tmp/mesh-routing.XXXXXX)
PIDS=()

log() { printf '[routing] %s\n' "$*" >&2; }
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
trigger() { # NAME TYPE
  echo "{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"Trigger\",\"metadata\":{\"name\":\"$1\",\"namespace\":\"$NS\"},\"spec\":{\"broker\":\"default\",\"filter\":{\"attributes\":{\"type\":\"$2\"}},\"subscriber\":{\"uri\":\"$SINK_URL/\"}}}"
}
drain() {
  local before after
  before=$(curl -s "$SINK_URL/stats" | jq -r .count)
  for _ in $(seq 1 60); do
    sleep 1; after=$(curl -s "$SINK_URL/stats" | jq -r .count)
    [[ $after == "$before" ]] && return 0; before=$after
  done
}
# delivered URL: events/s reaching the sink while wrk loads URL; prints "rate p50 p99".
delivered() {
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 5s -s "$ROOT/bench/wrk/delivery.lua" "$1" >/dev/null
  drain; curl -s -o /dev/null -X POST "$SINK_URL/reset"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$ROOT/bench/wrk/delivery.lua" "$1" >"$WORK/last.wrk"
  drain
  curl -s "$SINK_URL/stats" | tee "$WORK/last.sink.json" | jq -r '"\(.ratePerSecond|floor) \(.p50Ms) \(.p99Ms)"'
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

command -v wrk >/dev/null && command -v jq >/dev/null || { log "needs wrk and jq: apt-get install -y wrk jq"; exit 1; }
log "building (Release)"
dotnet build "$ROOT/bench/Mesh.Bench" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1
dotnet build "$ROOT/Mesh.Silo" -c Release -nologo -v quiet >>"$WORK/build.log" 2>&1

dotnet "$BENCH_DLL" sink --urls "$SINK_URL" >"$WORK/sink.log" 2>&1 & PIDS+=($!)
mkdir -p "$WORK/mesh-data"
dotnet "$SILO_DLL" --urls "$MESH_URL" --Mesh:Dashboard=false --Mesh:DataDirectory="$WORK/mesh-data" \
  --Mesh:SiloPort=$((PORT + 2)) --Mesh:GatewayPort=$((PORT + 3)) >"$WORK/mesh.log" 2>&1 & mesh_pid=$!; PIDS+=("$mesh_pid")
wait_ok "$SINK_URL/stats" 30; wait_ok "$MESH_URL/readyz" 90
log "load average $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -c$CONNECTIONS, ${WARMUP}s warm-up + ${DURATION}s"

put /apis/eventing.knative.dev/v1/namespaces/$NS/brokers/default '{"apiVersion":"eventing.knative.dev/v1","kind":"Broker","metadata":{"name":"default","namespace":"bench"},"spec":{}}'
put /apis/eventing.knative.dev/v1/namespaces/$NS/triggers/match "$(trigger match dev.mesh.bench)"
ready /apis/eventing.knative.dev/v1/namespaces/$NS/triggers/match

# A discarded first round, so that JIT and connection pools are warm before the baseline row.
delivered "$MESH_URL/$NS/default" >/dev/null
rows=""; base_rate=""; created=0; rss_before=$(rss_kib "$mesh_pid"); per_trigger="–"
for count in $COUNTS; do
  if (( count > created )); then
    log "applying non-matching triggers $created..$((count - 1))"
    seq "$created" $((count - 1)) | xargs -P 4 -I{} curl -s -o /dev/null --max-time 60 -X PUT \
      "$MESH_URL/apis/eventing.knative.dev/v1/namespaces/$NS/triggers/other-{}" -H 'Content-Type: application/json' \
      -d "$(trigger 'other-{}' 'dev.mesh.other.{}')"
    ready "/apis/eventing.knative.dev/v1/namespaces/$NS/triggers/other-$((count - 1))"
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
put /apis/messaging.knative.dev/v1/namespaces/$NS/inmemorychannels/ch '{"apiVersion":"messaging.knative.dev/v1","kind":"InMemoryChannel","metadata":{"name":"ch","namespace":"bench"},"spec":{}}'
put /apis/messaging.knative.dev/v1/namespaces/$NS/subscriptions/sink "{\"apiVersion\":\"messaging.knative.dev/v1\",\"kind\":\"Subscription\",\"metadata\":{\"name\":\"sink\",\"namespace\":\"$NS\"},\"spec\":{\"channel\":{\"apiVersion\":\"messaging.knative.dev/v1\",\"kind\":\"InMemoryChannel\",\"name\":\"ch\"},\"subscriber\":{\"uri\":\"$SINK_URL/\"}}}"
ready /apis/messaging.knative.dev/v1/namespaces/$NS/subscriptions/sink
read -r c_rate c_p50 c_p99 < <(delivered "$MESH_URL/channels/$NS/ch")
rows+="| R7 channel -> subscription delivered events/s (vs R4 with 0) | $c_rate | $c_p50 / $c_p99 | $(awk -v m="$c_rate" -v b="$base_rate" 'BEGIN { printf "%.2f", m / b }') | target ≥ 0.9 |"$'\n'

log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n| measure | events/s | p50 / p99 (ms) | ratio | note |\n|---|---|---|---|---|\n%s' "$rows"
