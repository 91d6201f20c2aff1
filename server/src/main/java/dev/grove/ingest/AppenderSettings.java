package dev.grove.ingest;

import dev.grove.log.LogSettings;

import static java.util.Objects.requireNonNull;

/**
 * How the log appender runs: fsync on or off, each stripe's queue capacity, how many stripes
 * (threads), how often partitions written only by {@code buffered} batches are fsynced, and the log layout.
 */
public record AppenderSettings(boolean fsync, int queueCapacity, int threads, long flushIntervalMillis, LogSettings log)
{
    public AppenderSettings
    {
        if (queueCapacity <= 0 || threads <= 0 || flushIntervalMillis <= 0) {
            throw new IllegalArgumentException("queueCapacity, threads and flushIntervalMillis must be positive");
        }
        requireNonNull(log, "log is null");
    }
}
