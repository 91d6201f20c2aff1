package dev.grove.config;

/**
 * The log's layout and writers; see {@link ConfigKey} for what each means.
 */
public record LogConfig(long segmentBytes, int indexIntervalBytes, int appenderThreads, long flushIntervalMillis)
{
    public LogConfig
    {
        if (segmentBytes < 1024 || segmentBytes > (1L << 30)) {
            throw new IllegalArgumentException(ConfigKey.LOG_SEGMENT_BYTES.key() + " must be between 1024 and 1073741824, was " + segmentBytes);
        }
        checkPositive(ConfigKey.LOG_INDEX_INTERVAL_BYTES, indexIntervalBytes);
        if (appenderThreads < 1 || appenderThreads > 64) {
            throw new IllegalArgumentException(ConfigKey.LOG_APPENDER_THREADS.key() + " must be between 1 and 64, was " + appenderThreads);
        }
        if (flushIntervalMillis < 1 || flushIntervalMillis > 1000) {
            throw new IllegalArgumentException(ConfigKey.LOG_FLUSH_INTERVAL_MS.key() + " must be between 1 and 1000, was " + flushIntervalMillis);
        }
    }

    private static void checkPositive(ConfigKey key, long value)
    {
        if (value <= 0) {
            throw new IllegalArgumentException(key.key() + " must be positive, was " + value);
        }
    }
}
