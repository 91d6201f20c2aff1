package dev.grove.ingest;

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
        return (murmur2(key) & 0x7fffffff) % partitions;
    }

    /** MurmurHash2, 32 bits, seed 0x9747b28c, as Kafka's {@code Utils.murmur2}. */
    static int murmur2(byte[] data)
    {
        int length = data.length;
        int seed = 0x9747b28c;
        int m = 0x5bd1e995;
        int r = 24;
        int h = seed ^ length;
        int blocks = length / 4;
        for (int i = 0; i < blocks; i++) {
            int i4 = i * 4;
            int k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16) + ((data[i4 + 3] & 0xff) << 24);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        int tail = blocks * 4;
        switch (length % 4) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
            case 1:
                h ^= data[tail] & 0xff;
                h *= m;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }
}
