package dev.grove.bench.vskafka;

import java.util.Locale;

/**
 * When a produce is acknowledged, as the issue pairs them: {@code durable} is Grove's default (fsynced, then
 * acknowledged) against a Kafka topic whose broker fsyncs every append; {@code buffered} acknowledges after
 * the write with fsync later, against Kafka's default flush (the OS page cache).
 */
enum AckMode
{
    DURABLE,
    BUFFERED;

    String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    static AckMode fromLabel(String label)
    {
        for (AckMode mode : values()) {
            if (mode.label().equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown ack mode '" + label + "'; use durable or buffered");
    }
}
