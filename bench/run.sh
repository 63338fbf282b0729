#!/usr/bin/env bash
# The mesh benchmark (docs/performance.md):
#   R1  broker ingress events/s, mesh vs a bare Kestrel endpoint that parses the CloudEvent with
#       the SDK, both sent the same realistic event (bench/wrk/event.lua);
#   R2  one broker -> one trigger -> a local sink: delivered events/s and latency, mesh vs a
#       Kestrel + HttpClient forwarder; and p99 at a fixed rate (default 1,000 ev/s).
# With a durable mode, the disk's flush latency is probed before and after (Mesh.Bench disk).
# Everything runs on 127.0.0.1; everything started here is stopped on exit.
#
# Environment: BENCH_SECONDS (10) BENCH_WARMUP (15) BENCH_THREADS (2) BENCH_CONNECTIONS (64)
#   BENCH_RATE (1000) BENCH_PORT (18580: the mesh; the next six ports serve the baselines,
#   the sink, the silo's Orleans ports and the OTLP receiver; all must be free)
#   BENCH_MESH (auto: measure the mesh if it builds and becomes ready; 0: skip; 1: required)
#   BENCH_MODES ("memory durable": mesh configurations to measure, each a column; also
#     cluster-memory and cluster-durable, one silo in cluster mode on PostgreSQL; traced (memory,
#     spans recorded with the default sampling, no exporter), otlp (memory, spans and metrics
#     exported to a local OTLP receiver with the default sampling), otlp-all (every span exported),
#     otlp-batched (every span, larger export batches), tail (memory, one live tail of the broker
#     open throughout) and senders (memory,
#     Mesh:Auth:Senders:Required=true; every request carries a token from a local issuer);
#     gc-server and gc-workstation (memory with the mesh's DOTNET_gcServer 1 / 0); memory, durable,
#     cluster-memory or cluster-durable followed by +gc-server runs that mode with server GC)
#   BENCH_POSTGRES (connection string for the cluster modes; default: .ci/postgres starts one, with
#     a database mesh_bench dropped and made again)
#   BENCH_START_TIMEOUT (60 s for the mesh to answer /readyz and make the trigger Ready)
#   BENCH_DRAIN_TIMEOUT (60 s for deliveries to stop arriving after a run)
#   BENCH_REPEATS (3: rounds of baselines then every mode; the table shows each cell's median)
#   BENCH_R1_EVENT (realistic-binary: R1's event, a shape of bench/wrk/event.lua; bench/ingress.sh
#     measures every shape, three runs each)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=${BENCH_SECONDS:-10}
# 15 s, not less: the mesh's own code and Orleans' reach their optimised (tier-1, PGO) code only
# after ~10 s under load, and ran ~30% slower before; a bare Kestrel app is warm within a second.
# Both sides get the same warm-up, and what is measured is the steady state a server lives in.
WARMUP=${BENCH_WARMUP:-15}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
RATE=${BENCH_RATE:-1000}
PORT=${BENCH_PORT:-18580}
MESH_MODE=${BENCH_MESH:-auto}
MODES=${BENCH_MODES:-memory durable}
POSTGRES=${BENCH_POSTGRES:-}
# A database of its own, dropped and made again: tables that the tests filled and churned (and
# their autovacuum) would be measured along with the mesh.
if [[ $MODES == *cluster-* && -z $POSTGRES ]]; then
  POSTGRES=$(MESH_POSTGRES_DATABASE=mesh_bench MESH_POSTGRES_FRESH=1 "$ROOT/.ci/postgres" 2>/dev/null || true)
fi
START_TIMEOUT=${BENCH_START_TIMEOUT:-60}
DRAIN_TIMEOUT=${BENCH_DRAIN_TIMEOUT:-60}
R1_SHAPE=${BENCH_R1_EVENT:-realistic-binary}
REPEATS=${BENCH_REPEATS:-3}

MESH_URL=http://127.0.0.1:$PORT
INGRESS_URL=http://127.0.0.1:$((PORT + 1))
FORWARDER_URL=http://127.0.0.1:$((PORT + 2))
SINK_URL=http://127.0.0.1:$((PORT + 3))
SILO_PORT=$((PORT + 4))
GATEWAY_PORT=$((PORT + 5))
OTLP_URL=http://127.0.0.1:$((PORT + 6))
ISSUER_URL=http://127.0.0.1:$((PORT + 7))
NS=bench
BROKER=default

WORK=$(mktemp -d /tmp/mesh-bench.XXXXXX)
LOG_TAG=bench
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

# measure_delivery NAME URL: R2 under wrk load, then at a constant rate; prints
# "accepted_rps delivered_rps p50 p99 bad delivered_count sent_count fixed_p50 fixed_p99 fixed_failed".
measure_delivery() {
  local name=$1 url=$2 stats fixed rps bad total
  wrk_once "$name.warmup" "$WARMUP" "$ROOT/bench/wrk/delivery.lua" "$url"
  sink_drain; sink_reset
  wrk_once "$name" "$DURATION" "$ROOT/bench/wrk/delivery.lua" "$url"
  sink_drain
  stats=$(sink_stats); echo "$stats" >"$WORK/$name.sink.json"
  read -r rps _ _ bad total < <(wrk_summary "$name")

  sink_drain
  dotnet "$BENCH_DLL" load --target "$url" --rate "$RATE" --duration "$DURATION" \
    --warmup "$WARMUP" --reset "$SINK_URL/reset" >"$WORK/$name.fixed.json" || true
  sink_drain
  fixed=$(sink_stats); echo "$fixed" >"$WORK/$name.fixed.sink.json"
  echo "$rps $(jq -r '"\(.ratePerSecond|floor) \(.p50Ms) \(.p99Ms)"' <<<"$stats") $bad $(jq -r .count <<<"$stats") $total" \
    "$(jq -r '"\(.p50Ms) \(.p99Ms)"' <<<"$fixed") $(jq -r '.failed // "?"' "$WORK/$name.fixed.json")"
}


require_tools "$PORT" $((PORT + 7))

log "building (Release)"
dotnet build "$ROOT/bench/Mesh.Bench" -c Release -nologo -v quiet >"$WORK/build-bench.log" 2>&1 \
  || { cat "$WORK/build-bench.log"; exit 1; }
mesh_available=0
if [[ $MESH_MODE != 0 ]]; then
  if dotnet build "$ROOT/Mesh.Silo" -c Release -nologo -v quiet >"$WORK/build-silo.log" 2>&1 && [[ -f $SILO_DLL ]]; then
    mesh_available=1
  else
    log "Mesh.Silo does not build (see $WORK/build-silo.log)"
    [[ $MESH_MODE == 1 ]] && exit 1
  fi
fi

machine_note
# A durable mode's p99 at a constant rate is bounded by how long the disk takes to flush: probed
# before the rounds and after them, and printed beside the table.
probe_disk() {
  [[ $MODES == *durable* ]] || return 0
  DISK[$1]=$(dotnet "$BENCH_DLL" disk --dir "$WORK" --seconds 10 || echo '{}')
  log "disk ($1): $(disk_summary "${DISK[$1]}")"
}
disk_summary() {
  jq -r '"fsync of 8 KiB, \(.flushes) in \(.seconds) s: p50 \(.p50Ms), p99 \(.p99Ms), p99.9 \(.p999Ms), max \(.maxMs) ms; \(.over10Ms) over 10 ms, \(.over50Ms) over 50 ms"' <<<"$1" 2>/dev/null || echo "not measured"
}
declare -A DISK
probe_disk before
log "wrk -t$THREADS -c$CONNECTIONS, ${WARMUP}s warm-up + ${DURATION}s; R1 event: $R1_SHAPE"

start_sink sink "$SINK_URL"
if [[ $MODES == *senders* ]]; then
  start issuer dotnet "$BENCH_DLL" issuer --urls "$ISSUER_URL"
  wait_status "$ISSUER_URL/keys" 200 20 "$STARTED"
fi
if [[ $MODES == *otlp* ]]; then
  start otlp-sink dotnet "$BENCH_DLL" otlp-sink --urls "$OTLP_URL"
  wait_status "$OTLP_URL/stats" 200 20 "$STARTED"
fi

# measure_baselines ROUND: both baselines, each stopped before the next starts, so that neither side
# idles beside the other; the results go to B[ROUND,field].
measure_baselines() {
  local round=$1 values
  log "baseline ($round): ingress"
  start baseline-ingress dotnet "$BENCH_DLL" baseline-ingress --urls "$INGRESS_URL"
  local ingress_pid=$STARTED
  wait_status "$INGRESS_URL/$NS/$BROKER" 405 20 "$ingress_pid"
  [[ $(post_event "$INGRESS_URL/$NS/$BROKER") == 202 ]] || { log "baseline ingress did not answer 202"; exit 1; }
  read -r -a values < <(run_wrk "baseline-ingress-$round" "$ROOT/bench/wrk/event.lua" "$INGRESS_URL/$NS/$BROKER" "$R1_SHAPE")
  stop "$ingress_pid"

  log "baseline ($round): forwarder -> sink"
  start baseline-forwarder dotnet "$BENCH_DLL" baseline-forwarder --urls "$FORWARDER_URL" --sink "$SINK_URL/"
  local forwarder_pid=$STARTED
  wait_status "$FORWARDER_URL/$NS/$BROKER" 405 20 "$forwarder_pid"
  [[ $(post_event "$FORWARDER_URL/$NS/$BROKER") == 202 ]] || { log "baseline forwarder did not answer 202"; exit 1; }
  local delivery
  read -r -a delivery < <(measure_delivery "baseline-forwarder-$round" "$FORWARDER_URL/$NS/$BROKER")
  stop "$forwarder_pid"
  values=("${values[@]:0:4}" "${delivery[@]}")
  for i in "${!FIELDS[@]}"; do B[$round,${FIELDS[$i]}]=${values[$i]:-pending}; done
}

# measure_mesh MODE ARGS...: starts Mesh.Silo with ARGS on a fresh data directory, runs R1 (before any
# trigger exists, as the baseline has none) then R2, stops it; prints the 14 result fields of
# "r1_rps r1_p50 r1_p99 r1_bad" + measure_delivery's, "pending" where it could not measure.
measure_mesh() {
  local mode=$1; shift
  local r1="pending pending pending 0" r2="pending pending pending pending 0 pending pending pending pending 0"
  local data="$WORK/mesh-data-$mode" broker_path=/apis/eventing.knative.dev/v1/namespaces/$NS/brokers/$BROKER
  local trigger_path=/apis/eventing.knative.dev/v1/namespaces/$NS/triggers/sink code
  mkdir -p "$data"
  log "mesh ($mode): starting Mesh.Silo $*"
  # --contentRoot: appsettings.json sits beside the dll; without it the silo, started from here,
  # runs without its log filters and writes five Information lines per request.
  # shellcheck disable=SC2046
  start "mesh-$mode" env $(mode_env "$mode") dotnet "$SILO_DLL" --contentRoot "$(dirname "$SILO_DLL")" --urls "$MESH_URL" \
    --Mesh:Dashboard=false --Mesh:DataDirectory="$data" \
    --Mesh:SiloPort="$SILO_PORT" --Mesh:GatewayPort="$GATEWAY_PORT" "$@"
  local pid=$STARTED
  if wait_status "$MESH_URL/readyz" 200 "$START_TIMEOUT" "$pid" \
    && apply "$broker_path" "{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"Broker\",\"metadata\":{\"name\":\"$BROKER\",\"namespace\":\"$NS\"},\"spec\":{}}" \
    && wait_ready "$broker_path"; then
    if [[ $mode == senders ]]; then
      export BENCH_TOKEN
      BENCH_TOKEN=$(curl -s --max-time 5 "$ISSUER_URL/token?sub=bench&aud=eventing.knative.dev/broker/$NS/$BROKER")
    else
      unset BENCH_TOKEN
    fi
    code=$(post_event "$MESH_URL/$NS/$BROKER")
    if [[ $mode == tail ]]; then
      # One live tail of the broker, read as fast as it comes, for the whole of R1 and R2.
      start "tail-$mode" curl -sN --max-time 600 "$MESH_URL/tail/brokers/$NS/$BROKER"
      tail_pid=$STARTED
      for _ in $(seq 1 50); do grep -q '"kind":"ready"' "$WORK/tail-$mode.log" 2>/dev/null && break; sleep 0.1; done
    fi
    if [[ $code == 202 ]]; then
      log "mesh ($mode): R1 ingress"
      r1=$(run_wrk "mesh-$mode-ingress" "$ROOT/bench/wrk/event.lua" "$MESH_URL/$NS/$BROKER" "$R1_SHAPE")
      r1=${r1% *}
      if apply "$trigger_path" "{\"apiVersion\":\"eventing.knative.dev/v1\",\"kind\":\"Trigger\",\"metadata\":{\"name\":\"sink\",\"namespace\":\"$NS\"},\"spec\":{\"broker\":\"$BROKER\",\"subscriber\":{\"uri\":\"$SINK_URL/\"}}}" \
        && wait_ready "$trigger_path"; then
        sink_drain
        log "mesh ($mode): R2 broker -> trigger -> sink"
        r2=$(measure_delivery "mesh-$mode-delivery" "$MESH_URL/$NS/$BROKER")
      fi
    else
      log "mesh ($mode) ingress answered $code: $(cat "$WORK/last-response.txt")"
    fi
  fi
  [[ $r2 == pending* ]] && log "mesh ($mode) not fully measured (log: $WORK/mesh-$mode.log)"
  [[ -n ${tail_pid:-} ]] && { stop "$tail_pid"; log "mesh ($mode): the tail received $(grep -c '^data:' "$WORK/tail-$mode.log") messages"; tail_pid=; }
  [[ $mode == otlp* ]] && log "mesh ($mode): the OTLP receiver got $(curl -s --max-time 5 "$OTLP_URL/stats")"
  stop "$pid"
  rm -rf "$data"
  echo "$r1 $r2"
}

# Mesh configurations measured, each against the same baselines.
mode_args() {
  # MODE+gc-server: the same configuration with server GC (see mode_env).
  case $1 in
    *+gc-server) [[ ${1%+gc-server} =~ ^(memory|durable|cluster-memory|cluster-durable)$ ]] || { log "unknown mode $1"; return 1; } ;;
  esac
  case ${1%+gc-server} in
    # Explicit both ways: the default differs between embedded (Memory) and cluster (Durable) mode.
    memory) echo "--Mesh:Durability=Memory" ;;
    durable) echo "--Mesh:Durability=Durable" ;;
    cluster-memory | cluster-durable)
      # A service id per round, as the embedded modes get a fresh data directory: with one id for
      # every round, the next round's R1 would find the last round's trigger in the grain storage.
      local id="bench$$-${1//+/-}-${round:-1}"
      echo "--Mesh:Cluster=Postgres --ConnectionStrings:Mesh=$POSTGRES --Mesh:ClusterId=$id --Mesh:ServiceId=$id --Mesh:AdvertisedIPAddress=127.0.0.1"
      if [[ ${1%+gc-server} == cluster-durable ]]; then echo "--Mesh:Durability=Durable"; else echo "--Mesh:Durability=Memory"; fi ;;
    # Full instrumentation as configured by default (the mesh keeps one new trace in ten unless
    # OTEL_TRACES_SAMPLER says otherwise): spans recorded, no exporter; then exported over OTLP.
    traced) echo "--Mesh:Durability=Memory --Mesh:Telemetry:Tracing=true" ;;
    otlp) echo "--Mesh:Durability=Memory --OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL --OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf" ;;
    # Every span exported (the standard sampler variable set to the OpenTelemetry SDK's own default).
    otlp-all) echo "--Mesh:Durability=Memory --OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL --OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf --OTEL_TRACES_SAMPLER=parentbased_always_on" ;;
    # The same with the batch span processor's standard settings raised (OTEL_BSP_*).
    otlp-batched) echo "--Mesh:Durability=Memory --OTEL_EXPORTER_OTLP_ENDPOINT=$OTLP_URL --OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf --OTEL_TRACES_SAMPLER=parentbased_always_on --OTEL_BSP_MAX_QUEUE_SIZE=16384 --OTEL_BSP_MAX_EXPORT_BATCH_SIZE=4096" ;;
    tail | gc-server | gc-workstation) echo "--Mesh:Durability=Memory" ;;
    # Sender authentication on: every event carries a bearer token from a trusted issuer (BENCH_TOKEN).
    senders) echo "--Mesh:Durability=Memory --Mesh:Auth:Senders:Required=true --Mesh:Auth:Senders:Issuers:0=$ISSUER_URL" ;;
    *) log "unknown mode $1 (memory, durable, cluster-memory, cluster-durable, traced, otlp, otlp-all, otlp-batched, tail, senders, gc-server, gc-workstation; memory, durable, cluster-memory or cluster-durable +gc-server)"; return 1 ;;
  esac
}

# The environment of the mesh's process in a mode (the runtime's own settings), as NAME=VALUE
# words; none for most modes.
mode_env() {
  case $1 in
    gc-server | *+gc-server) echo "DOTNET_gcServer=1" ;;
    gc-workstation) echo "DOTNET_gcServer=0" ;;
    *) ;;
  esac
}

declare -A R B
FIELDS=(r1_rps r1_p50 r1_p99 r1_bad r2_acc r2_rps r2_p50 r2_p99 r2_bad r2_count r2_total fix_p50 fix_p99 fix_failed)
measured=()
for round in $(seq 1 "$REPEATS"); do
  log "round $round of $REPEATS"
  measure_baselines "$round"
  [[ $mesh_available == 1 ]] || continue
  for mode in $MODES; do
    if [[ $mode == cluster-* && -z $POSTGRES ]]; then log "skipping $mode: no PostgreSQL (set BENCH_POSTGRES)"; continue; fi
    # shellcheck disable=SC2046 # the mode's arguments are words on purpose
    read -r -a values < <(measure_mesh "$mode" $(mode_args "$mode"))
    for i in "${!FIELDS[@]}"; do R[$round,$mode,${FIELDS[$i]}]=${values[$i]:-pending}; done
    (( round == 1 )) && measured+=("$mode")
    [[ ${R[$round,$mode,r2_rps]} == pending && $MESH_MODE == 1 ]] && exit 1
  done
done
# Each cell is the median of its rounds; error counts are summed, so that one bad round shows.
summed=" r1_bad r2_bad fix_failed "
cell() {
  local -n from=$1; local key=$2 field=$3 round values=()
  for round in $(seq 1 "$REPEATS"); do values+=("${from[$round,${key:+$key,}$field]:-}"); done
  if [[ $summed == *" $field "* ]]; then
    printf '%s\n' "${values[@]}" | awk '/^[0-9]+$/ { s += $1; n++ } END { print (n ? s : "?") }'
  else
    median "${values[@]}"
  fi
}
for field in "${FIELDS[@]}"; do
  printf -v "b_$field" '%s' "$(cell B "" "$field")"
  for mode in "${measured[@]}"; do R[$mode,$field]=$(cell R "$mode" "$field"); done
done
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
probe_disk after
# row LABEL BASELINE FIELD [TARGET] [RATIO]: one table row, a column per measured mode.
row() {
  local label=$1 base=$2 field=$3 target=${4:-} with_ratio=${5:-} line mode
  line="| $label | $base |"
  for mode in "${measured[@]}"; do
    line+=" ${R[$mode,$field]}"
    [[ -n $with_ratio ]] && line+=" ($(ratio "${R[$mode,$field]}" "$with_ratio")×)"
    line+=" |"
  done
  echo "$line $target |"
}
header="| measure | baseline |"; rule="|---|---|"
for mode in "${measured[@]}"; do header+=" mesh $mode |"; rule+="---|"; done
echo
echo "$header target |"
echo "$rule---|"
row "R1 ingress events/s (wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s)" "$(flag "$b_r1_rps" "$b_r1_bad")" r1_rps "≥ 0.8×" "$b_r1_rps"
row "R1 ingress latency p50 (ms)" "$b_r1_p50" r1_p50
row "R1 ingress latency p99 (ms)" "$b_r1_p99" r1_p99
row "R1 errors (non-2xx, socket)" "$b_r1_bad" r1_bad "0"
row "R2 accepted events/s (wrk)" "$(flag "$b_r2_acc" "$b_r2_bad")" r2_acc
row "R2 delivered events/s (at the sink)" "$b_r2_rps" r2_rps "≥ 0.5×" "$b_r2_rps"
row "R2 delivered (events)" "$b_r2_count" r2_count "all sent"
row "R2 sent (events)" "$b_r2_total" r2_total
row "R2 latency under saturation p50 (ms)" "$b_r2_p50" r2_p50
row "R2 latency under saturation p99 (ms)" "$b_r2_p99" r2_p99
row "R2 latency at $RATE ev/s p50 (ms)" "$b_fix_p50" fix_p50
row "R2 latency at $RATE ev/s p99 (ms)" "$(flag "$b_fix_p99" "$b_fix_failed")" fix_p99 "< 10 ms"
row "R2 constant-rate sends failed" "$b_fix_failed" fix_failed "0"
for pair in "traced memory" "otlp memory" "otlp-all memory" "otlp-batched memory" "tail memory"; do
  read -r d m <<<"$pair"
  if [[ -n ${R[$d,r1_rps]:-} && -n ${R[$m,r1_rps]:-} ]]; then
    echo
    echo "Cost of $d ($d / $m): R1 $(ratio "${R[$d,r1_rps]}" "${R[$m,r1_rps]}")×, R2 delivered $(ratio "${R[$d,r2_rps]}" "${R[$m,r2_rps]}")×"
  fi
done
for pair in "durable memory" "cluster-durable cluster-memory"; do
  read -r d m <<<"$pair"
  if [[ -n ${R[$d,r1_rps]:-} && -n ${R[$m,r1_rps]:-} ]]; then
    echo
    echo "Cost of durability ($d / $m): R1 $(ratio "${R[$d,r1_rps]}" "${R[$m,r1_rps]}")×, R2 delivered $(ratio "${R[$d,r2_rps]}" "${R[$m,r2_rps]}")×"
  fi
done
if [[ -n ${DISK[before]:-} ]]; then
  echo
  echo "Disk under the journal, before the rounds: $(disk_summary "${DISK[before]}")"
  echo "Disk under the journal, after the rounds: $(disk_summary "${DISK[after]}")"
fi
# Each round's own numbers, so that a median of a noisy round set can be read for what it is.
echo
echo "By round, R1 / R2 delivered events/s / R2 p50, p99 (ms) at $RATE ev/s:"
by_round() {
  local -n from=$1; local key=$2 round line="" at
  for round in $(seq 1 "$REPEATS"); do
    at=$round,${key:+$key,}
    line+=" ${from[${at}r1_rps]:-?} / ${from[${at}r2_rps]:-?} / ${from[${at}fix_p50]:-?}, ${from[${at}fix_p99]:-?};"
  done
  echo "- ${key:-baseline}:${line%;}"
}
by_round B ""
for mode in "${measured[@]}"; do by_round R "$mode"; done
bad=$((b_r1_bad + b_r2_bad)); failed=${b_fix_failed//\?/1}
for mode in "${measured[@]}"; do
  [[ ${R[$mode,r1_bad]} =~ ^[0-9]+$ ]] && bad=$((bad + R[$mode,r1_bad]))
  [[ ${R[$mode,r2_bad]} =~ ^[0-9]+$ ]] && bad=$((bad + R[$mode,r2_bad]))
  [[ ${R[$mode,fix_failed]} =~ ^[0-9]+$ ]] && failed=$((failed + R[$mode,fix_failed]))
done
if (( bad > 0 || failed > 0 )); then
  log "warning: $bad non-2xx answers or socket errors under wrk, $failed failed constant-rate sends: see $WORK"
fi
