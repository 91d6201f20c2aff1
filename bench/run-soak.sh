#!/bin/sh
# Builds Grove, then soaks a node it starts itself (grove start --demo on free loopback ports, fresh
# temporary data directory): the demo at --rate events/s plus --clients HTTP query clients for --duration,
# sampling RSS, heap, latency, errors and rows every --interval into bench/results/soak-*.csv.
#   bench/run-soak.sh --duration=30m --rate=5000 --clients=16
#   bench/run-soak.sh --duration=90s              (smoke run)
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl bench -am package) >&2
cd "$root"
exec java -Xmx1g -cp "$root/bench/target/grove-bench.jar:$root/bench/target/lib/*" \
  dev.grove.bench.SoakBenchmark --jar="$root/server/target/grove-server.jar" --out="$root/bench/results" "$@"
