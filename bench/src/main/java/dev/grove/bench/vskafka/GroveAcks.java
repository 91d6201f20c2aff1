package dev.grove.bench.vskafka;

import dev.grove.client.ProducerConfig;
import dev.grove.proto.ingest.v1.Acks;

/**
 * The one place that maps the benchmark's ack modes onto Grove's producer: {@code durable} is Grove's
 * default (fsynced, then visible in SQL, then acknowledged), {@code buffered} acknowledges after the write
 * and fsyncs on an interval ({@code grove.log.flushIntervalMs}), as Kafka's default flush does.
 */
final class GroveAcks
{
    static final String NOTE = "grove: 'durable' = fsync, then visible in SQL, then ack; 'buffered' = ack after the write, fsync every grove.log.flushIntervalMs";

    private GroveAcks() {}

    static ProducerConfig.Builder configure(ProducerConfig.Builder builder, AckMode mode)
    {
        return switch (mode) {
            case DURABLE -> builder.acks(Acks.ACKS_DURABLE);
            case BUFFERED -> builder.acks(Acks.ACKS_BUFFERED);
        };
    }

    static String applied(AckMode mode)
    {
        return mode.label();
    }
}
