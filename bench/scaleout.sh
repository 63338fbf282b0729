#!/usr/bin/env bash
# Scale-out on one machine (docs/performance.md): three silos in cluster mode on PostgreSQL, one
# broker and one trigger to a local sink. An event posted to any silo is routed by the broker's
# grains wherever Orleans placed them and delivered by the trigger's grain, so at least two of the
# three entry silos send every event across the cluster. Measured: end-to-end latency at a fixed
# rate (default 1,000 ev/s) posted to each silo in turn, against the same run on a cluster of one
# silo (the baseline, started first on the same database), medians of BENCH_REPEATS rounds.
# Everything runs on 127.0.0.1; everything started here is stopped on exit.
#
# Environment: BENCH_SECONDS (10) BENCH_WARMUP (15) BENCH_REPEATS (3) BENCH_RATE (1000)
#   BENCH_MODE (memory: the silos' Mesh:Durability) BENCH_SILOS (3) BENCH_START_TIMEOUT (90)
#   BENCH_DRAIN_TIMEOUT (60) BENCH_POSTGRES (connection string; default: .ci/postgres starts one,
#     with a database mesh_bench dropped and made again)
#   BENCH_PORT (19080: silo i serves HTTP on PORT+i, Orleans on PORT+10+i and PORT+20+i; the sink PORT+9)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-15}
REPEATS=${BENCH_REPEATS:-3}
RATE=${BENCH_RATE:-1000}
MODE=${BENCH_MODE:-memory}
SILOS=${BENCH_SILOS:-3}
START_TIMEOUT=${BENCH_START_TIMEOUT:-90}
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-60}
PORT=${BENCH_PORT:-19080}
POSTGRES=${BENCH_POSTGRES:-}
SINK_URL=http://127.0.0.1:$((PORT + 9))
MESH_URL=http://127.0.0.1:$PORT
NS=bench
API=/apis/eventing.knative.dev/v1/namespaces/$NS

WORK=$(mktemp -d /tmp/mesh-scaleout.XXXXXX)
LOG_TAG=scaleout
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

silo_url() { echo "http://127.0.0.1:$((PORT + $1))"; }

# start_silo INDEX CLUSTER-ID: one silo of the cluster; waits for its /readyz.
start_silo() {
  local i=$1 id=$2 data="$WORK/mesh-data-$2-$1"
  mkdir -p "$data"
  start "silo-$id-$i" dotnet "$SILO_DLL" --contentRoot "$(dirname "$SILO_DLL")" --urls "$(silo_url "$i")" \
    --Mesh:Dashboard=false --Mesh:DataDirectory="$data" --Mesh:Durability="${MODE^}" \
    --Mesh:Cluster=Postgres --ConnectionStrings:Mesh="$POSTGRES" --Mesh:ClusterId="$id" --Mesh:ServiceId="$id" \
    --Mesh:AdvertisedIPAddress=127.0.0.1 --Mesh:SiloPort=$((PORT + 10 + i)) --Mesh:GatewayPort=$((PORT + 20 + i))
  SILO_PIDS[$i]=$STARTED
  wait_status "$(silo_url "$i")/readyz" 200 "$START_TIMEOUT" "$STARTED"
}

# fixed_rate NAME URL: the constant-rate run into URL; prints "p50 p99 count failed".
fixed_rate() {
  local name=$1 url=$2 stats
  sink_drain
  dotnet "$BENCH_DLL" load --target "$url" --rate "$RATE" --duration "$DURATION" \
    --warmup "$WARMUP" --reset "$SINK_URL/reset" >"$WORK/$name.fixed.json" || true
  sink_drain
  stats=$(sink_stats); echo "$stats" >"$WORK/$name.sink.json"
  echo "$(jq -r '"\(.p50Ms) \(.p99Ms) \(.count)"' <<<"$stats") $(jq -r '.failed // "?"' "$WORK/$name.fixed.json")"
}

require_tools "$PORT" $((PORT + 20 + SILOS))
# A database of its own, dropped and made again: tables that the tests filled and churned would be
# measured along with the mesh.
[[ -n $POSTGRES ]] || POSTGRES=$(MESH_POSTGRES_DATABASE=mesh_bench MESH_POSTGRES_FRESH=1 "$ROOT/.ci/postgres")
build_all
machine_note
start_sink sink "$SINK_URL"

declare -A P
declare -a SILO_PIDS
for round in $(seq 1 "$REPEATS"); do
  # A fresh cluster per round (its own ids in the shared database), grown from one silo to SILOS.
  id="scaleout$$r$round"
  log "round $round: a cluster of one silo"
  start_silo 0 "$id"
  apply "$API/brokers/default" "$(broker_json "$NS" default)"
  apply "$API/triggers/sink" "$(trigger_json "$NS" sink default "$SINK_URL/")"
  wait_ready "$API/triggers/sink"
  read -r P[$round,1,p50] P[$round,1,p99] P[$round,1,count] P[$round,1,failed] < <(fixed_rate "r$round-one" "$(silo_url 0)/$NS/default")

  for i in $(seq 1 $((SILOS - 1))); do log "round $round: silo $i joins"; start_silo "$i" "$id"; done
  for i in $(seq 0 $((SILOS - 1))); do
    log "round $round: $RATE ev/s into silo $i of $SILOS"
    read -r P[$round,e$i,p50] P[$round,e$i,p99] P[$round,e$i,count] P[$round,e$i,failed] < <(fixed_rate "r$round-into-$i" "$(silo_url "$i")/$NS/default")
  done
  for i in $(seq $((SILOS - 1)) -1 0); do stop "${SILO_PIDS[$i]}"; done
done

# med KEY FIELD: the median over the rounds.
med() { local r values=(); for r in $(seq 1 "$REPEATS"); do values+=("${P[$r,$1,$2]:-}"); done; median "${values[@]}"; }
sum() { local r s=0; for r in $(seq 1 "$REPEATS"); do [[ ${P[$r,$1,$2]:-} =~ ^[0-9]+$ ]] && s=$((s + P[$r,$1,$2])); done; echo "$s"; }

log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| entry | silos | p50 (ms) | p99 (ms) | p99 / one silo | delivered (all rounds) | sends failed |"
echo "|---|---|---|---|---|---|---|"
base=$(med 1 p99)
echo "| silo 0 | 1 | $(med 1 p50) | $base | 1.00 | $(sum 1 count) | $(sum 1 failed) |"
for i in $(seq 0 $((SILOS - 1))); do
  echo "| silo $i | $SILOS | $(med "e$i" p50) | $(med "e$i" p99) | $(ratio "$(med "e$i" p99)" "$base") | $(sum "e$i" count) | $(sum "e$i" failed) |"
done
echo
echo "$RATE ev/s for ${DURATION}s after a ${WARMUP}s warm-up, medians of $REPEATS rounds (a fresh cluster each); Durability=$MODE."
