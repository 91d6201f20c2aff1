#!/bin/sh
# Dashboard queries through the Holocron proxy: builds Grove, starts `grove start --demo` from the jar on
# free loopback ports (fresh temporary data directory), and runs bench/src/.../DashboardBenchmark:
# 16 gRPC clients over seed 000's dashboard queries and seed 001's example queries (QPS, p50, p99), then
# lane one's latency (LaneOneProxy) while analyst queries saturate the default lane. Stops the node with SIGTERM.
#   bench/run-dashboard.sh [--clients=16] [--duration=20s] [--rate=500] [--analysts=12]
# Every loop is bounded by the duration; the node gets 60 s to stop.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl bench -am package) >&2
cd "$root"
exec java -Xmx1g -cp "$root/bench/target/grove-bench.jar:$root/bench/target/lib/*" \
  dev.grove.bench.DashboardBenchmark --jar="$root/server/target/grove-server.jar" "$@"
