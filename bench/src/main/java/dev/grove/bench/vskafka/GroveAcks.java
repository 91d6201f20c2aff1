package dev.grove.bench.vskafka;

import dev.grove.client.ProducerConfig;

/**
 * The one place that maps the benchmark's ack modes onto Grove's producer.
 *
 * <p>Today Grove has a single ack: a record is acknowledged once it is fsynced and visible to queries
 * ({@code durable}); neither the SDK nor the Produce RPC takes an ack mode. So both modes run as
 * {@code durable} for now, and the output says so. When per-request ack modes land (issue 7), set the mode
 * on the builder here and return its name from {@link #applied}.
 */
final class GroveAcks
{
    static final String NOTE = "grove: no per-request ack modes yet, so 'buffered' rows run as 'durable' (fsync, then visible in SQL, then ack)";

    private GroveAcks() {}

    static ProducerConfig.Builder configure(ProducerConfig.Builder builder, AckMode mode)
    {
        return switch (mode) {
            case DURABLE, BUFFERED -> builder;
        };
    }

    static String applied(AckMode mode)
    {
        return switch (mode) {
            case DURABLE, BUFFERED -> AckMode.DURABLE.label();
        };
    }
}
