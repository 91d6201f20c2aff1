package dev.grove.log;

/**
 * Takes the batches of a topic's partitions as they are read back at start-up, in offset order per partition.
 */
@FunctionalInterface
public interface BatchReplay
{
    void accept(int partition, LogBatch batch);
}
