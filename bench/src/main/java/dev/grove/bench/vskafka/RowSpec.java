package dev.grove.bench.vskafka;

import static java.util.Objects.requireNonNull;

/**
 * One measured configuration, run once against each system.
 *
 * @param acks ack mode (and its Kafka equivalent)
 * @param valueBytes exact size of each record's value, a JSON event
 * @param producers producer clients, each with its own connection and sending thread
 * @param fixedRate records per second over all producers, or 0 to send as fast as acknowledgements allow
 */
record RowSpec(AckMode acks, int valueBytes, int producers, int fixedRate)
{
    RowSpec
    {
        requireNonNull(acks, "acks is null");
        if (valueBytes < EventValues.MIN_BYTES) {
            throw new IllegalArgumentException("valueBytes must be at least " + EventValues.MIN_BYTES + ": " + valueBytes);
        }
        if (producers <= 0) {
            throw new IllegalArgumentException("producers must be positive: " + producers);
        }
        if (fixedRate < 0) {
            throw new IllegalArgumentException("fixedRate must not be negative: " + fixedRate);
        }
    }

    boolean isFixedRate()
    {
        return fixedRate > 0;
    }
}
