package dev.grove.client;

import dev.grove.proto.ingest.v1.Record;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.grpc.Status;

/**
 * Where {@code send} puts records, per datasource and partition, until the sender drains them as batches. A batch is
 * ready when it is full, when its oldest record has waited {@code linger}, or when a flush or close asks
 * for everything. Memory is bounded: {@code bufferRecords} slots, held from {@code send} until the
 * record's batch is answered; a full buffer blocks {@code send} up to {@code maxBlock}.
 *
 * <p>Thread-safe: callers append, the sender thread drains; state is guarded by {@code lock}.
 */
final class RecordAccumulator
{
    private final int batchSize;
    private final long lingerNanos;
    private final Semaphore slots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by lock. */
    private final Map<Destination, Deque<ProducerBatch.PendingRecord>> queues = new LinkedHashMap<>();
    /** Guarded by lock. */
    private int flushesInProgress;
    /** Guarded by lock. */
    private boolean closed;

    RecordAccumulator(int batchSize, long lingerNanos, int bufferRecords)
    {
        this.batchSize = batchSize;
        this.lingerNanos = lingerNanos;
        this.slots = new Semaphore(bufferRecords, true);
    }

    CompletableFuture<RecordMetadata> append(Destination destination, Record record, long maxBlockNanos)
    {
        CompletableFuture<RecordMetadata> future = new CompletableFuture<>();
        try {
            if (!slots.tryAcquire(maxBlockNanos, TimeUnit.NANOSECONDS)) {
                future.completeExceptionally(new GroveClientException(Status.Code.RESOURCE_EXHAUSTED,
                        "Producer buffer full for " + TimeUnit.NANOSECONDS.toMillis(maxBlockNanos) + " ms; the node is not keeping up (raise bufferRecords or maxBlock)"));
                return future;
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(new GroveClientException(Status.Code.CANCELLED, "Interrupted while waiting for buffer space"));
            return future;
        }
        lock.lock();
        try {
            if (closed) {
                slots.release();
                throw new IllegalStateException("Producer is closed");
            }
            queues.computeIfAbsent(destination, ignored -> new ArrayDeque<>()).add(new ProducerBatch.PendingRecord(record, future, System.nanoTime()));
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
        return future;
    }

    /** Takes every ready batch. */
    List<ProducerBatch> drain()
    {
        long now = System.nanoTime();
        List<ProducerBatch> ready = new ArrayList<>();
        lock.lock();
        try {
            boolean everything = closed || flushesInProgress > 0;
            for (Map.Entry<Destination, Deque<ProducerBatch.PendingRecord>> entry : queues.entrySet()) {
                Deque<ProducerBatch.PendingRecord> queue = entry.getValue();
                while (queue.size() >= batchSize
                        || (!queue.isEmpty() && (everything || now - queue.peekFirst().createdNanos() >= lingerNanos))) {
                    List<ProducerBatch.PendingRecord> records = new ArrayList<>(Math.min(batchSize, queue.size()));
                    while (records.size() < batchSize && !queue.isEmpty()) {
                        records.add(queue.pollFirst());
                    }
                    ready.add(new ProducerBatch(entry.getKey(), records));
                }
            }
        }
        finally {
            lock.unlock();
        }
        return ready;
    }

    /** Waits until a batch may be ready: a new record, a flush or close, or the oldest record's linger ending. */
    void awaitWork(long maxNanos)
            throws InterruptedException
    {
        lock.lock();
        try {
            long wait = maxNanos;
            long now = System.nanoTime();
            for (Deque<ProducerBatch.PendingRecord> queue : queues.values()) {
                if (!queue.isEmpty()) {
                    wait = Math.min(wait, Math.max(0, lingerNanos - (now - queue.peekFirst().createdNanos())));
                }
            }
            if (wait > 0 && !closed && flushesInProgress == 0) {
                changed.awaitNanos(wait);
            }
        }
        finally {
            lock.unlock();
        }
    }

    boolean isEmpty()
    {
        lock.lock();
        try {
            return queues.values().stream().allMatch(Deque::isEmpty);
        }
        finally {
            lock.unlock();
        }
    }

    void release(int records)
    {
        slots.release(records);
    }

    void beginFlush()
    {
        lock.lock();
        try {
            flushesInProgress++;
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    void endFlush()
    {
        lock.lock();
        try {
            flushesInProgress--;
        }
        finally {
            lock.unlock();
        }
    }

    void close()
    {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }
}
