#!/bin/sh
# Builds Grove and runs the produce benchmark against a node it starts in a temporary directory.
#   bench/run-produce.sh --records=1000000 --batch=1000 --in-flight=8 --probes=200
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl bench -am package) >&2
exec java -Xmx4g --enable-native-access=ALL-UNNAMED -cp "$root/bench/target/grove-bench.jar:$root/bench/target/lib/*" \
  dev.grove.bench.ProduceBenchmark "$@"
