package dev.grove.ingest;

import dev.grove.client.KeyHash;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses a record's partition. A record with a key goes to {@code toPositive(murmur2(key)) % partitions},
 * the hash Kafka's default partitioner uses (so a key lands in the same partition number in Grove and
 * in Kafka); records without a key go, a whole request at a time, to one partition that moves on
 * round-robin with every request ("sticky"), so keyless batches stay whole and spread evenly.
 *
 * <p>Thread-safe.
 */
final class Partitioner
{
    private final AtomicInteger sticky = new AtomicInteger();

    /** The partition for keyless records of the next request. */
    int nextSticky(int partitions)
    {
        return Math.floorMod(sticky.getAndIncrement(), partitions);
    }

    static int forKey(byte[] key, int partitions)
    {
        return KeyHash.partition(key, partitions);
    }

    /** MurmurHash2 as Kafka's {@code Utils.murmur2}: the SDK's {@link KeyHash}, so both route a key alike. */
    static int murmur2(byte[] data)
    {
        return KeyHash.murmur2(data);
    }
}
