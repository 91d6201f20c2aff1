package dev.grove.log;

/**
 * How partition logs lay out their files: a segment rolls once it would pass {@code segmentBytes},
 * and the sparse offset index gets an entry every {@code indexIntervalBytes} of batches.
 */
public record LogSettings(long segmentBytes, int indexIntervalBytes)
{
    public static final LogSettings DEFAULT = new LogSettings(128L << 20, 4096);

    public LogSettings
    {
        if (segmentBytes < 1024 || segmentBytes > BatchCodec.MAX_BATCH_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be between 1 KiB and 1 GiB, was " + segmentBytes);
        }
        if (indexIntervalBytes <= 0) {
            throw new IllegalArgumentException("indexIntervalBytes must be positive, was " + indexIntervalBytes);
        }
    }
}
