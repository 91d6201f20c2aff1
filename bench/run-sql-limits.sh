#!/bin/sh
# Builds Grove and times planning of the largest SQL statements the default limits allow (docs/benchmarks.md).
#   bench/run-sql-limits.sh
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl bench -am package) >&2
exec java -Xss1m -cp "$root/bench/target/grove-bench.jar:$root/bench/target/lib/*" dev.grove.bench.SqlPlanningBenchmark "$@"
