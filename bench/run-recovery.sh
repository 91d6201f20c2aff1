#!/usr/bin/env bash
# Restart recovery for one node jar: how long a node takes to replay its logs before it serves.
#   bench/run-recovery.sh SERVER_JAR DATA_DIR
# If DATA_DIR does not exist it is filled first: a node from SERVER_JAR is started on it, ProduceBenchmark
# sends RECORDS events (plus its 10% warm-up, plus PROBES one-record probes) in batches of BATCH with
# IN_FLIGHT batches in flight, and the node is stopped with SIGTERM. RECORDS=59091 gives 65,000 events in
# bench_orders, RECORDS=909091 gives 1,000,000.
#   RECORDS=59091 BATCH=1 IN_FLIGHT=64 bench/run-recovery.sh server/target/grove-server.jar /tmp/rec-small
#   bench/run-recovery.sh /other/build/grove-server.jar /tmp/rec-small     # same logs, other build
# Then RUNS times: copy DATA_DIR to a scratch directory (DATA_DIR itself is never started on again), start
# the node on loopback, poll GET /status/health until it answers 200 (wall time from launching java),
# read "Recovered N datasources in X ms" from the node's log, check COUNT(*) of every bench datasource,
# stop the node with SIGTERM by its pid. Prints one line per run and min/median/max.
# Env: RUNS (3), HTTP_PORT (18891), GRPC_PORT (15091), TIMEOUT seconds per start or produce (600), XMX (2g).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar=${1:?usage: run-recovery.sh SERVER_JAR DATA_DIR}
data=${2:?usage: run-recovery.sh SERVER_JAR DATA_DIR}
runs=${RUNS:-3}
http_port=${HTTP_PORT:-18891}
grpc_port=${GRPC_PORT:-15091}
timeout=${TIMEOUT:-600}
xmx=${XMX:-2g}
http="http://127.0.0.1:$http_port"
scratch=$(mktemp -d /tmp/grove-recovery.XXXXXX)
node=

stop_node() {
  [ -n "$node" ] || return 0
  kill -TERM "$node" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$node" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$node" 2>/dev/null && { echo "node $node still running 30 s after SIGTERM; SIGKILL" >&2; kill -KILL "$node" 2>/dev/null || true; }
  wait "$node" 2>/dev/null || true
  node=
}
trap 'stop_node; rm -rf "$scratch"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# start_node DIR LOG: launches the node, waits for health 200, sets wall to the time in ms since launch
start_node() {
  local started; started=$(now_ms)
  java -Xmx"$xmx" --enable-native-access=ALL-UNNAMED -jar "$jar" start --data-dir "$1" \
      --host 127.0.0.1 --http-port "$http_port" --grpc-port "$grpc_port" >"$2" 2>&1 &
  node=$!
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$http/status/health" 2>/dev/null || true)
    [ "$code" = 200 ] && break
    kill -0 "$node" 2>/dev/null || { echo "node exited; log:" >&2; tail -20 "$2" >&2; exit 1; }
    [ $(( $(now_ms) - started )) -lt $(( timeout * 1000 )) ] || { echo "no health 200 within $timeout s" >&2; exit 1; }
    sleep 0.05
  done
  wall=$(( $(now_ms) - started ))
}

count() {
  curl -s --max-time 60 -H 'Content-Type: application/json' \
      -d "{\"query\":\"SELECT COUNT(*) FROM $1\",\"resultFormat\":\"array\"}" "$http/druid/v2/sql" | tr -dc '0-9'
}

stats() { sort -n | awk '{v[NR]=$1} END {printf "min %s / median %s / max %s", v[1], v[int((NR+1)/2)], v[NR]}'; }

if [ ! -e "$data" ]; then
  bench_cp="$root/bench/target/grove-bench.jar:$root/bench/target/lib/*"
  [ -f "$root/bench/target/grove-bench.jar" ] || (cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl bench -am package) >&2
  mkdir -p "$data"
  start_node "$data" "$scratch/produce-node.log"
  timeout "$timeout" java -Xmx2g -cp "$bench_cp" dev.grove.bench.ProduceBenchmark --records="${RECORDS:-59091}" \
      --batch="${BATCH:-1}" --in-flight="${IN_FLIGHT:-64}" --probes="${PROBES:-1}" --grpc="127.0.0.1:$grpc_port" --http="$http"
  echo "produced: bench_orders $(count bench_orders), bench_visibility $(count bench_visibility); log $(du -sh "$data" | cut -f1)"
  stop_node
fi

echo "recovering $data ($(du -sh "$data" | cut -f1)) with $jar, $runs runs"
: >"$scratch/recovered"; : >"$scratch/health"
for run in $(seq 1 "$runs"); do
  rm -rf "$scratch/run"; cp -a "$data" "$scratch/run"
  start_node "$scratch/run" "$scratch/node.log"
  line=$(grep -o 'Recovered [0-9]* datasources in [0-9]* ms' "$scratch/node.log" | tail -1)
  ms=$(echo "$line" | awk '{print $(NF-1)}')
  echo "run $run: $line; health 200 after $wall ms; COUNT(*) bench_orders $(count bench_orders), bench_visibility $(count bench_visibility)"
  echo "$ms" >>"$scratch/recovered"; echo "$wall" >>"$scratch/health"
  stop_node
done
echo "recovery log line ms: $(stats <"$scratch/recovered")"
echo "launch -> health 200 ms: $(stats <"$scratch/health")"
