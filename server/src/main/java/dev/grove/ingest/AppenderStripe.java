package dev.grove.ingest;

import dev.grove.datasource.Row;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.index.RealtimeIndexer;
import dev.grove.log.BatchProducer;
import dev.grove.log.LogBatch;
import dev.grove.log.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static java.util.Collections.newSetFromMap;
import static java.util.Objects.requireNonNull;

/**
 * One appender thread and the partitions it owns, with group commit: it takes every batch waiting,
 * writes each to its partition, forces each partition that a {@code durable} batch touched to disk
 * once (and the others once their flush interval is up), then hands the rows to the indexer. Stripes
 * run in parallel: two partitions on different stripes never wait for each other.
 *
 * <p>Thread-safe entry point {@link #offer}; everything else runs on the stripe's thread.
 */
final class AppenderStripe
{
    private static final Logger log = LoggerFactory.getLogger(AppenderStripe.class);
    private static final int MAX_GROUP = 4096;

    private final LogAppender owner;
    private final boolean fsync;
    private final long flushIntervalNanos;
    private final RealtimeIndexer indexer;
    private final BlockingQueue<Command> queue;
    private final Thread thread;
    private final Set<PartitionState> unsynced = newSetFromMap(new IdentityHashMap<>());
    private final List<Written> written = new ArrayList<>();
    private final Map<HeldKey, List<Held>> held = new HashMap<>();
    private final long holdNanos;

    AppenderStripe(int number, LogAppender owner, boolean fsync, long flushIntervalMillis, long holdMillis, int queueCapacity, RealtimeIndexer indexer)
    {
        this.owner = requireNonNull(owner, "owner is null");
        this.fsync = fsync;
        this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
        this.indexer = requireNonNull(indexer, "indexer is null");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "grove-log-appender-" + number);
        this.holdNanos = TimeUnit.MILLISECONDS.toNanos(holdMillis);
    }

    void start()
    {
        thread.start();
    }

    boolean running()
    {
        return thread.isAlive();
    }

    void stop()
            throws InterruptedException
    {
        if (thread.isAlive()) {
            queue.put(new Stop(new CompletableFuture<>()));
            thread.join();
        }
    }

    void append(PartitionState partition, List<LogRecord> records, List<Row> rows, BatchProducer producer, AckMode acks, CompletableFuture<AppendOutcome> done)
    {
        offer(new Append(partition, records, rows, producer, acks, done));
    }

    /** Queues closing the topic's partitions owned here, after everything queued before. */
    CompletableFuture<Void> closeTopic(Topic topic)
    {
        CompletableFuture<Void> done = new CompletableFuture<>();
        offer(new CloseTopic(topic, done));
        return done;
    }

    private void offer(Command command)
    {
        GroveException failure = owner.storageFailure();
        if (failure != null) {
            command.fail(failure);
        }
        else if (!queue.offer(command)) {
            command.fail(new GroveException(GroveErrorCode.INGEST_BUFFER_FULL,
                    "Ingest queue is full (" + (queue.size() + queue.remainingCapacity()) + " batches); retry with backoff"));
        }
    }

    private void run()
    {
        List<Command> group = new ArrayList<>();
        while (true) {
            group.clear();
            try {
                Command first = unsynced.isEmpty() && held.isEmpty() ? queue.take() : queue.poll(flushIntervalNanos, TimeUnit.NANOSECONDS);
                if (first != null) {
                    group.add(first);
                }
            }
            catch (InterruptedException e) {
                log.warn("Log appender interrupted; {} queued batches were not written", queue.size());
                return;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            if (!processGroup(group)) {
                return;
            }
        }
    }

    /** Returns false once a Stop has been processed. */
    private boolean processGroup(List<Command> group)
    {
        Stop stop = null;
        for (Command command : group) {
            GroveException failure = owner.storageFailure();
            if (failure != null) {
                command.fail(failure);
                continue;
            }
            try {
                if (command instanceof Append append) {
                    write(append);
                }
                else if (command instanceof CloseTopic close) {
                    finishGroup(true, false);
                    for (PartitionState partition : close.topic().partitions) {
                        if (owner.stripeOf(partition) == this && !partition.closed) {
                            partition.closed = true;
                            unsynced.remove(partition);
                            partition.log.close();
                        }
                    }
                    close.done().complete(null);
                }
                else {
                    stop = (Stop) command;
                }
            }
            catch (GroveException e) {
                if (e.code() == GroveErrorCode.STORAGE_FAILURE) {
                    owner.failStorage("The log is read-only after a storage failure (" + e.getMessage() + "); fix the disk and restart the node", e);
                }
                command.fail(e);
            }
        }
        finishGroup(stop != null, stop != null);
        if (stop != null) {
            stop.done().complete(null);
            return false;
        }
        return true;
    }

    private void write(Append append)
    {
        PartitionState partition = append.partition();
        if (partition.closed) {
            append.fail(new GroveException(GroveErrorCode.DATASOURCE_NOT_FOUND, "Datasource '" + partition.topic.name() + "' was dropped"));
            return;
        }
        BatchProducer producer = append.producer();
        if (producer.idempotent()) {
            ProducerStates.Check check = partition.producers.check(producer);
            if (check.verdict() == ProducerStates.Verdict.GAP) {
                hold(append, check.expected());
                return;
            }
            if (check.verdict() == ProducerStates.Verdict.DUPLICATE) {
                check.original().whenComplete((outcome, failure) -> {
                    if (failure != null) {
                        append.done().completeExceptionally(unwrap(failure));
                    }
                    else {
                        append.done().complete(outcome.asDuplicate());
                    }
                });
                return;
            }
        }
        LogBatch batch = partition.log.append(append.records(), producer);
        AppendOutcome outcome = new AppendOutcome(partition.partition, batch.baseOffset(), batch.records().size(), false);
        CompletableFuture<Void> synced = new CompletableFuture<>();
        CompletableFuture<Void> applied = new CompletableFuture<>();
        CompletableFuture<AppendOutcome> visible = applied.handle((ignored, failure) -> {
            if (failure != null) {
                throw new CompletionException(owner.refuse(partition, batch, unwrap(failure)));
            }
            return outcome;
        });
        CompletableFuture<AppendOutcome> durable = synced.thenCompose(ignored -> visible);
        if (producer.idempotent()) {
            partition.producers.record(producer, durable);
        }
        switch (append.acks()) {
            case DURABLE -> {
                partition.syncNow = true;
                durable.whenComplete((result, failure) -> {
                    if (failure != null) {
                        append.done().completeExceptionally(unwrap(failure));
                    }
                    else {
                        append.done().complete(result);
                    }
                });
            }
            case BUFFERED, NONE -> append.done().complete(outcome);
        }
        if (fsync) {
            partition.unsynced.add(synced);
            unsynced.add(partition);
        }
        else {
            synced.complete(null);
        }
        written.add(new Written(partition, append.rows(), applied, visible));
        if (producer.idempotent()) {
            releaseHeld(partition, producer.producerId());
        }
    }

    /**
     * Holds a batch that arrived before an earlier one of the same producer and partition: concurrent
     * calls may reach the node out of order, and a retried batch comes after those sent behind it.
     */
    private void hold(Append append, long expected)
    {
        HeldKey key = new HeldKey(append.partition(), append.producer().producerId());
        List<Held> waiting = held.computeIfAbsent(key, ignored -> new ArrayList<>());
        if (waiting.size() >= ProducerStates.CACHED_BATCHES) {
            throw append.partition().producers.outOfOrder(append.producer(), expected);
        }
        waiting.add(new Held(append, expected, System.nanoTime() + holdNanos));
    }

    /** Writes the held batches of the producer that are now next, in sequence order. */
    private void releaseHeld(PartitionState partition, long producerId)
    {
        HeldKey key = new HeldKey(partition, producerId);
        List<Held> waiting = held.get(key);
        boolean progress = true;
        while (waiting != null && !waiting.isEmpty() && progress) {
            progress = false;
            for (Held candidate : List.copyOf(waiting)) {
                ProducerStates.Check check;
                try {
                    check = partition.producers.check(candidate.append().producer());
                }
                catch (GroveException e) {
                    waiting.remove(candidate);
                    candidate.append().fail(e);
                    continue;
                }
                if (check.verdict() != ProducerStates.Verdict.GAP) {
                    waiting.remove(candidate);
                    if (waiting.isEmpty()) {
                        held.remove(key);
                    }
                    // writes it, or answers it as a duplicate; writing releases the next in turn
                    try {
                        write(candidate.append());
                    }
                    catch (GroveException e) {
                        if (e.code() == GroveErrorCode.STORAGE_FAILURE) {
                            owner.failStorage("The log is read-only after a storage failure (" + e.getMessage() + "); fix the disk and restart the node", e);
                        }
                        candidate.append().fail(e);
                    }
                    progress = true;
                    break;
                }
            }
        }
    }

    /** Fails held batches whose gap did not fill in time: the earlier batch is not coming. */
    private void expireHeld(long now, boolean all)
    {
        for (var iterator = held.entrySet().iterator(); iterator.hasNext(); ) {
            var entry = iterator.next();
            entry.getValue().removeIf(candidate -> {
                if (!all && now - candidate.deadlineNanos() < 0 && !entry.getKey().partition().closed) {
                    return false;
                }
                candidate.append().fail(entry.getKey().partition().producers.outOfOrder(candidate.append().producer(), candidate.expected()));
                return true;
            });
            if (entry.getValue().isEmpty()) {
                iterator.remove();
            }
        }
    }

    /**
     * Fsyncs what must be durable now, then hands the written rows to the indexer; fails held batches
     * whose wait is over (all of them when stopping).
     */
    private void finishGroup(boolean syncAll, boolean stopping)
    {
        long now = System.nanoTime();
        expireHeld(now, stopping);
        for (PartitionState partition : List.copyOf(unsynced)) {
            if (syncAll || partition.syncNow || now - partition.lastSyncNanos >= flushIntervalNanos) {
                sync(partition, now);
            }
        }
        GroveException failure = owner.storageFailure();
        for (Written batch : written) {
            if (failure != null) {
                // never applied (so never refused either): its producer hears of the storage failure
                batch.visible().completeExceptionally(failure);
                continue;
            }
            if (batch.rows().isEmpty()) {
                batch.applied().complete(null);
            }
            else {
                indexer.apply(batch.partition().topic.datasource, batch.rows(), batch.applied());
            }
        }
        written.clear();
    }

    private void sync(PartitionState partition, long now)
    {
        unsynced.remove(partition);
        partition.syncNow = false;
        partition.lastSyncNanos = now;
        List<CompletableFuture<Void>> waiting = List.copyOf(partition.unsynced);
        partition.unsynced.clear();
        try {
            partition.log.flush();
        }
        catch (GroveException e) {
            log.error("Log fsync failed for {}; refusing further writes until restart", partition, e);
            GroveException failure = owner.failStorage("The log is read-only after a failed fsync (" + e.getMessage() + "); fix the disk and restart the node", e);
            waiting.forEach(future -> future.completeExceptionally(failure));
            return;
        }
        waiting.forEach(future -> future.complete(null));
    }

    static Throwable unwrap(Throwable failure)
    {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private sealed interface Command
            permits Append, CloseTopic, Stop
    {
        CompletableFuture<?> done();

        default void fail(Throwable failure)
        {
            done().completeExceptionally(failure);
        }
    }

    private record Append(PartitionState partition, List<LogRecord> records, List<Row> rows, BatchProducer producer, AckMode acks,
            CompletableFuture<AppendOutcome> done)
            implements Command {}

    private record CloseTopic(Topic topic, CompletableFuture<Void> done)
            implements Command {}

    private record Stop(CompletableFuture<Void> done)
            implements Command {}

    private record HeldKey(PartitionState partition, long producerId) {}

    private record Held(Append append, long expected, long deadlineNanos) {}

    private record Written(PartitionState partition, List<Row> rows, CompletableFuture<Void> applied, CompletableFuture<AppendOutcome> visible) {}
}
