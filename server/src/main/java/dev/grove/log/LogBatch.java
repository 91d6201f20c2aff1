package dev.grove.log;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Records appended together, the first at {@code baseOffset} and the rest at consecutive offsets,
 * with the idempotent producer that wrote them: {@code producerId} (-1 for none), its epoch, and the
 * producer's sequence numbers the batch took, {@code baseSequence} to {@code baseSequence + sequenceCount - 1}.
 * A batch may take more sequence numbers than it holds records (records refused by validation still
 * take theirs), and a batch of no records records that a producer's sequence numbers were used.
 */
public record LogBatch(long baseOffset, List<LogRecord> records, long producerId, short producerEpoch, int baseSequence, int sequenceCount)
{
    public static final long NO_PRODUCER = -1;

    public LogBatch
    {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("baseOffset must not be negative: " + baseOffset);
        }
        records = List.copyOf(requireNonNull(records, "records is null"));
        if (producerId < NO_PRODUCER) {
            throw new IllegalArgumentException("producerId must be -1 or more: " + producerId);
        }
        if (producerId != NO_PRODUCER && (producerEpoch < 0 || baseSequence < 0 || sequenceCount < 0)) {
            throw new IllegalArgumentException("an idempotent batch needs a non-negative epoch, base sequence and sequence count");
        }
    }

    /** A batch of no idempotent producer. */
    public LogBatch(long baseOffset, List<LogRecord> records)
    {
        this(baseOffset, records, NO_PRODUCER, (short) -1, -1, 0);
    }

    public long nextOffset()
    {
        return baseOffset + records.size();
    }

    public boolean idempotent()
    {
        return producerId != NO_PRODUCER;
    }

    /** The last sequence number the batch took; only for an idempotent batch. */
    public int lastSequence()
    {
        return baseSequence + sequenceCount - 1;
    }
}
