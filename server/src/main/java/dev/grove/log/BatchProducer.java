package dev.grove.log;

/**
 * Who wrote a batch, as recorded in its header: an idempotent producer's id and epoch and the
 * sequence numbers the batch takes, or {@link #NONE}.
 */
public record BatchProducer(long producerId, short epoch, int baseSequence, int sequenceCount)
{
    public static final BatchProducer NONE = new BatchProducer(LogBatch.NO_PRODUCER, (short) -1, -1, 0);

    public BatchProducer
    {
        if (producerId != LogBatch.NO_PRODUCER && (producerId < 0 || epoch < 0 || baseSequence < 0 || sequenceCount < 0)) {
            throw new IllegalArgumentException("an idempotent producer needs a non-negative id, epoch, base sequence and sequence count");
        }
    }

    public boolean idempotent()
    {
        return producerId != LogBatch.NO_PRODUCER;
    }

    public int lastSequence()
    {
        return baseSequence + sequenceCount - 1;
    }
}
