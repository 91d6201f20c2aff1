package dev.grove.ingest;

import dev.grove.log.PartitionLog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * One partition as its appender thread sees it: the log, its idempotent producers, and the batches
 * written but not yet fsynced.
 *
 * <p>Not thread-safe: confined to the appender stripe that owns the partition.
 */
final class PartitionState
{
    final Topic topic;
    final int partition;
    final PartitionLog log;
    final ProducerStates producers;
    /** Completed when the batches written so far are on disk. */
    final List<CompletableFuture<Void>> unsynced = new ArrayList<>();
    long lastSyncNanos = System.nanoTime();
    boolean syncNow;
    boolean closed;

    PartitionState(Topic topic, int partition, PartitionLog log, ProducerStates producers)
    {
        this.topic = requireNonNull(topic, "topic is null");
        this.partition = partition;
        this.log = requireNonNull(log, "log is null");
        this.producers = requireNonNull(producers, "producers is null");
    }

    @Override
    public String toString()
    {
        return "partition " + partition + " of '" + topic.name() + "'";
    }
}
