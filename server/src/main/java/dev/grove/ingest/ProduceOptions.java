package dev.grove.ingest;

import static java.util.Objects.requireNonNull;

/**
 * How a Produce call is to be written: an explicit partition (-1: by key, or sticky without a key),
 * the acknowledgement, and for an idempotent producer its id (-1: none), epoch and the sequence number
 * of the request's first record.
 */
public record ProduceOptions(int partition, AckMode acks, long producerId, short producerEpoch, int baseSequence)
{
    public static final ProduceOptions DEFAULT = new ProduceOptions(-1, AckMode.DURABLE, -1, (short) -1, -1);

    public ProduceOptions
    {
        requireNonNull(acks, "acks is null");
    }

    public boolean idempotent()
    {
        return producerId >= 0;
    }
}
