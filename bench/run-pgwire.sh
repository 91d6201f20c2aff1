#!/bin/sh
# Builds Grove and streams a large result over the PostgreSQL wire protocol (JDBC) and HTTP JSON from a node
# it starts in a temporary directory; prints rows/s and MB/s per client.
#   bench/run-pgwire.sh --rows=1000000 --rounds=3
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl bench -am package) >&2
exec java -Xmx4g --enable-native-access=ALL-UNNAMED -cp "$root/bench/target/grove-bench.jar:$root/bench/target/lib/*" \
  dev.grove.bench.PgWireBenchmark "$@"
