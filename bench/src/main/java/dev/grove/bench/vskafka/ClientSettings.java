package dev.grove.bench.vskafka;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Producer settings both systems get, so a row compares the systems and not their client defaults.
 *
 * @param batchRecords records per batch (Kafka: {@code batch.size} in bytes that holds exactly this many values)
 * @param linger how long a partial batch waits for more records ({@code linger.ms})
 * @param maxInFlight produce requests outstanding per producer ({@code max.in.flight.requests.per.connection}, at most 5 with idempotence)
 * @param bufferBatches batches a producer may buffer, in flight or waiting, before {@code send} blocks ({@code buffer.memory})
 */
record ClientSettings(int batchRecords, Duration linger, int maxInFlight, int bufferBatches)
{
    /** How long a blocked {@code send} waits, and a produce request may take, before the record fails. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    ClientSettings
    {
        requireNonNull(linger, "linger is null");
        if (batchRecords <= 0) {
            throw new IllegalArgumentException("batchRecords must be positive: " + batchRecords);
        }
        if (maxInFlight <= 0 || maxInFlight > 5) {
            throw new IllegalArgumentException("maxInFlight must be between 1 and 5 (Kafka's limit with idempotence): " + maxInFlight);
        }
        if (bufferBatches < 2) {
            throw new IllegalArgumentException("bufferBatches must be at least 2: " + bufferBatches);
        }
    }

    int bufferRecords()
    {
        return batchRecords * bufferBatches;
    }
}
