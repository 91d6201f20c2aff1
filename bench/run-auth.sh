#!/bin/sh
# Builds Grove and measures what authentication and a policy rewrite add to the seed queries' latency (docs/benchmarks.md).
#   bench/run-auth.sh [--rounds N] [--events N]
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl bench -am package) >&2
exec java -cp "$root/bench/target/grove-bench.jar:$root/bench/target/lib/*" dev.grove.bench.AuthOverheadBenchmark "$@"
