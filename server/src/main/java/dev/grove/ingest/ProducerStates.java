package dev.grove.ingest;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.log.BatchProducer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The idempotent producers of one partition: each one's epoch, last sequence number and its last few
 * batches, so a retry of a batch that already landed is answered with the original's outcome instead
 * of being written twice. Rebuilt from the batch headers when the log is replayed.
 *
 * <p>Not thread-safe: confined to the partition's appender thread (or to recovery before it starts).
 */
final class ProducerStates
{
    /** Batches remembered per producer: as many as a producer may have in flight per partition. */
    static final int CACHED_BATCHES = 5;

    private final String partitionName;
    private final Map<Long, State> states = new HashMap<>();

    ProducerStates(String partitionName)
    {
        this.partitionName = partitionName;
    }

    /** What to do with a batch of an idempotent producer. */
    enum Verdict
    {
        /** It is the producer's next batch: write it. */
        WRITE,
        /** It was written already: answer with the original's outcome. */
        DUPLICATE,
        /** It comes after a batch not seen yet (one still in flight or being retried): hold it until the gap fills. */
        GAP
    }

    /** A verdict, the original's outcome for a duplicate, and the sequence expected next. */
    record Check(Verdict verdict, CompletableFuture<AppendOutcome> original, long expected) {}

    /**
     * Checks a batch against the producer's state.
     *
     * @throws GroveException OUT_OF_ORDER_SEQUENCE for a sequence already used by another batch,
     *         PRODUCER_FENCED for an older epoch
     */
    Check check(BatchProducer producer)
    {
        State state = states.get(producer.producerId());
        long expected = 0;
        if (state != null) {
            if (producer.epoch() < state.epoch) {
                throw new GroveException(GroveErrorCode.PRODUCER_FENCED, "Producer " + producer.producerId() + " epoch " + producer.epoch() + " is fenced on "
                        + partitionName + ": epoch " + state.epoch + " has written there since");
            }
            if (producer.epoch() == state.epoch) {
                for (Cached cached : state.batches) {
                    if (cached.baseSequence == producer.baseSequence() && cached.lastSequence == producer.lastSequence()) {
                        return new Check(Verdict.DUPLICATE, cached.outcome, state.lastSequence + 1);
                    }
                }
                expected = state.lastSequence + 1;
            }
        }
        if (producer.baseSequence() > expected) {
            return new Check(Verdict.GAP, null, expected);
        }
        if (producer.baseSequence() < expected) {
            throw outOfOrder(producer, expected);
        }
        return new Check(Verdict.WRITE, null, expected);
    }

    GroveException outOfOrder(BatchProducer producer, long expected)
    {
        return new GroveException(GroveErrorCode.OUT_OF_ORDER_SEQUENCE, "Out of order sequence on " + partitionName + " for producer " + producer.producerId()
                + " epoch " + producer.epoch() + ": expected sequence " + expected + ", got " + producer.baseSequence()
                + (producer.baseSequence() < expected ? " (already used by an earlier batch)" : " (a gap: an earlier batch is missing)"));
    }

    /** Records a batch just written (or replayed) and the future of its outcome. */
    void record(BatchProducer producer, CompletableFuture<AppendOutcome> outcome)
    {
        State state = states.get(producer.producerId());
        if (state == null || state.epoch != producer.epoch()) {
            state = new State(producer.epoch());
            states.put(producer.producerId(), state);
        }
        state.lastSequence = producer.lastSequence();
        state.batches.addLast(new Cached(producer.baseSequence(), producer.lastSequence(), outcome));
        if (state.batches.size() > CACHED_BATCHES) {
            state.batches.removeFirst();
        }
    }

    int producerCount()
    {
        return states.size();
    }

    private static final class State
    {
        final short epoch;
        long lastSequence = -1;
        final Deque<Cached> batches = new ArrayDeque<>();

        State(short epoch)
        {
            this.epoch = epoch;
        }
    }

    private record Cached(int baseSequence, int lastSequence, CompletableFuture<AppendOutcome> outcome) {}
}
