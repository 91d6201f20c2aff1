package dev.grove.config;

/**
 * The HTTP server's workers, timeouts and limits; see {@link ConfigKey} for what each means.
 */
public record HttpConfig(
        int threads,
        int maxQueuedRequests,
        long idleTimeoutMillis,
        long requestTimeoutMillis,
        int maxHeaderBytes,
        int maxBodyBytes)
{
    public HttpConfig
    {
        if (threads < 0) {
            throw new IllegalArgumentException(ConfigKey.HTTP_THREADS.key() + " must be 0 or more, was " + threads);
        }
        checkPositive(ConfigKey.HTTP_MAX_QUEUED_REQUESTS, maxQueuedRequests);
        checkPositive(ConfigKey.HTTP_IDLE_TIMEOUT_MS, idleTimeoutMillis);
        checkPositive(ConfigKey.HTTP_REQUEST_TIMEOUT_MS, requestTimeoutMillis);
        checkPositive(ConfigKey.HTTP_MAX_HEADER_BYTES, maxHeaderBytes);
        checkPositive(ConfigKey.HTTP_MAX_BODY_BYTES, maxBodyBytes);
    }

    /** The threads that run SQL and datasource requests: {@link #threads()}, or max(4, 2 × cores) when it is 0. */
    public int effectiveThreads()
    {
        return threads > 0 ? threads : Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    }

    public HttpConfig withTimeouts(long idleTimeoutMillis, long requestTimeoutMillis)
    {
        return new HttpConfig(threads, maxQueuedRequests, idleTimeoutMillis, requestTimeoutMillis, maxHeaderBytes, maxBodyBytes);
    }

    private static void checkPositive(ConfigKey key, long value)
    {
        if (value <= 0) {
            throw new IllegalArgumentException(key.key() + " must be positive, was " + value);
        }
    }
}
