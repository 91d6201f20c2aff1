#!/bin/sh
# HTTP latency on loopback: starts a node from a built jar in a temporary directory, times
# GET /status/health and POST /druid/v2/sql SELECT 1 with bench/http/HttpLatency.java, stops the node.
#   bench/run-http.sh [path/to/grove-server.jar]     (default: server/target/grove-server.jar)
# Every loop is bounded in count (COUNT, default 20000) and time (60 s per run).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
jar=${1:-$root/server/target/grove-server.jar}
count=${COUNT:-20000}
data=$(mktemp -d)
http_port=${HTTP_PORT:-18888}
grpc_port=${GRPC_PORT:-18889}
java -Xmx1g --enable-native-access=ALL-UNNAMED -jar "$jar" start --data-dir "$data" \
    --http-port "$http_port" --grpc-port "$grpc_port" >"$data/node.log" 2>&1 &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null; rm -rf "$data"' EXIT
for i in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$http_port/status/health" >/dev/null 2>&1 && break
  sleep 0.2
done
loop="java $root/bench/http/HttpLatency.java"
for clients in 1 8; do
  $loop "http://127.0.0.1:$http_port/status/health" GET 2000 "$count" "$clients" 60
  $loop "http://127.0.0.1:$http_port/druid/v2/sql" POST 2000 "$count" "$clients" 60 '{"query":"SELECT 1"}'
done
