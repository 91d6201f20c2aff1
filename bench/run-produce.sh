#!/bin/sh
# Builds Grove and runs the produce benchmark against a node it starts in a temporary directory.
#   bench/run-produce.sh --records=1000000 --batch=1000 --in-flight=8 --probes=200
# With --vs-kafka, runs Grove and Apache Kafka (one in-JVM KRaft broker) one after the other instead:
#   bench/run-produce.sh --vs-kafka [--quick] [--out FILE] [--help]   (see docs/benchmarks.md)
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
main=dev.grove.bench.ProduceBenchmark
for argument in "$@"; do
  if [ "$argument" = "--vs-kafka" ]; then main=dev.grove.bench.vskafka.ProduceVsKafka; fi
done
(cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl bench -am package) >&2
exec java -Xmx4g --enable-native-access=ALL-UNNAMED -cp "$root/bench/target/grove-bench.jar:$root/bench/target/lib/*" \
  "$main" "$@"
