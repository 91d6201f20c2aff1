package dev.grove.bench.vskafka;

import static java.util.Objects.requireNonNull;

/**
 * What one system did for one {@link RowSpec}: acknowledged records in the measured window and their
 * send → ack latency.
 *
 * @param system {@code grove} or {@code kafka}
 * @param appliedAcks what the system was actually asked for
 * @param records records acknowledged inside the measured window
 * @param seconds length of the measured window
 * @param errors records that failed, anywhere in the row (warm-up, window or drain); a row with errors is not a result
 * @param logFlushes Kafka only: broker log fsyncs during the row, -1 for Grove
 */
record RowResult(String system, RowSpec spec, String appliedAcks, long records, double seconds, double p50Millis, double p99Millis, long errors, long logFlushes)
{
    RowResult
    {
        requireNonNull(system, "system is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(appliedAcks, "appliedAcks is null");
    }

    double recordsPerSecond()
    {
        return seconds > 0 ? records / seconds : 0;
    }

    /** Value bytes only (no keys, headers or framing), in 10^6 bytes per second. */
    double megabytesPerSecond()
    {
        return recordsPerSecond() * spec.valueBytes() / 1e6;
    }
}
