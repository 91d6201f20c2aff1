package dev.grove.log;

import java.util.List;

/**
 * One partition of a topic: an append-only sequence of batches at consecutive offsets. This is the
 * seam where other logs (Kafka) plug in; {@link SegmentLog} is Grove's own.
 *
 * <p>Appends and flushes come from one thread at a time; {@link #read} and {@link #nextOffset} may
 * be called from any thread.
 */
public interface PartitionLog
        extends AutoCloseable
{
    /** Writes the records as one batch at the next offset (not yet durable: see {@link #flush}) and returns it. */
    LogBatch append(List<LogRecord> records, BatchProducer producer);

    /** Forces everything appended so far to disk; cheap when nothing was appended since the last flush. */
    void flush();

    /** Whether something was appended since the last {@link #flush}. */
    boolean dirty();

    /** The offset the next appended record gets. */
    long nextOffset();

    /**
     * Batches holding offsets from {@code fromOffset} on, whole, in order, until about {@code maxBytes};
     * at least one batch when there is one.
     */
    List<LogBatch> read(long fromOffset, int maxBytes);

    @Override
    void close();
}
