package dev.grove.client;

/**
 * The one key hash of Grove's partitioning, shared by the node and the SDK so both route a key alike:
 * MurmurHash2, 32 bits, seed {@code 0x9747b28c}, as Kafka's {@code Utils.murmur2}; a key goes to
 * {@code (murmur2(key) & 0x7fffffff) % partitions} (docs/log-format.md).
 */
public final class KeyHash
{
    private KeyHash() {}

    public static int partition(byte[] key, int partitions)
    {
        return (murmur2(key) & 0x7fffffff) % partitions;
    }

    public static int murmur2(byte[] data)
    {
        int length = data.length;
        int m = 0x5bd1e995;
        int h = 0x9747b28c ^ length;
        int blocks = length / 4;
        for (int i = 0; i < blocks; i++) {
            int i4 = i * 4;
            int k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16) + ((data[i4 + 3] & 0xff) << 24);
            k *= m;
            k ^= k >>> 24;
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
