package dev.grove.config;

/**
 * The PostgreSQL wire protocol front door: whether it runs, its port, and the limits that keep a slow
 * or hostile client from holding threads or memory; see {@link ConfigKey} for what each means.
 */
public record PgConfig(
        boolean enabled,
        int port,
        int maxConnections,
        int maxMessageBytes,
        long startupTimeoutMillis,
        long idleTimeoutMillis)
{
    /** Smallest message limit: psql's and JDBC's catalog queries must fit. */
    private static final int MIN_MESSAGE_BYTES = 8192;

    public PgConfig
    {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(ConfigKey.PG_PORT.key() + " must be a port between 0 and 65535, was " + port);
        }
        checkPositive(ConfigKey.PG_MAX_CONNECTIONS, maxConnections);
        if (maxMessageBytes < MIN_MESSAGE_BYTES) {
            throw new IllegalArgumentException(ConfigKey.PG_MAX_MESSAGE_BYTES.key() + " must be at least " + MIN_MESSAGE_BYTES + ", was " + maxMessageBytes);
        }
        checkPositive(ConfigKey.PG_STARTUP_TIMEOUT_MS, startupTimeoutMillis);
        checkPositive(ConfigKey.PG_IDLE_TIMEOUT_MS, idleTimeoutMillis);
    }

    public PgConfig withPort(int port)
    {
        return new PgConfig(enabled, port, maxConnections, maxMessageBytes, startupTimeoutMillis, idleTimeoutMillis);
    }

    public PgConfig withTimeouts(long startupTimeoutMillis, long idleTimeoutMillis)
    {
        return new PgConfig(enabled, port, maxConnections, maxMessageBytes, startupTimeoutMillis, idleTimeoutMillis);
    }

    private static void checkPositive(ConfigKey key, long value)
    {
        if (value <= 0) {
            throw new IllegalArgumentException(key.key() + " must be positive, was " + value);
        }
    }
}
