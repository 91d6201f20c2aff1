package dev.grove.config;

import java.nio.file.Path;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The node's configuration, typed and validated. Built by {@link ConfigLoader} from defaults, a
 * properties file, environment variables and flags, in that order of precedence (last wins).
 */
public record GroveConfig(
        Path dataDir,
        String host,
        int httpPort,
        HttpConfig http,
        int grpcPort,
        int ingestMaxBatchRecords,
        int ingestMaxRecordBytes,
        int ingestMaxPendingBatches,
        boolean logFsync,
        LogConfig log,
        QueryConfig query,
        int engineThreads,
        String engineMemoryLimit,
        int demoEventsPerSecond,
        long shutdownGraceMillis,
        AuthConfig auth,
        TlsConfig tls,
        PgConfig pg)
{
    public GroveConfig
    {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(host, "host is null");
        requireNonNull(http, "http is null");
        requireNonNull(engineMemoryLimit, "engineMemoryLimit is null");
        checkPort(ConfigKey.HTTP_PORT, httpPort);
        checkPort(ConfigKey.GRPC_PORT, grpcPort);
        checkPositive(ConfigKey.INGEST_MAX_BATCH_RECORDS, ingestMaxBatchRecords);
        checkPositive(ConfigKey.INGEST_MAX_RECORD_BYTES, ingestMaxRecordBytes);
        checkPositive(ConfigKey.INGEST_MAX_PENDING_BATCHES, ingestMaxPendingBatches);
        requireNonNull(log, "log is null");
        requireNonNull(query, "query is null");
        requireNonNull(auth, "auth is null");
        requireNonNull(tls, "tls is null");
        if (engineThreads < 0) {
            throw new IllegalArgumentException(ConfigKey.ENGINE_THREADS.key() + " must be 0 or more, was " + engineThreads);
        }
        checkPositive(ConfigKey.DEMO_RATE, demoEventsPerSecond);
        requireNonNull(pg, "pg is null");
        if (shutdownGraceMillis < 0) {
            throw new IllegalArgumentException(ConfigKey.SHUTDOWN_GRACE_MS.key() + " must be 0 or more, was " + shutdownGraceMillis);
        }
    }

    /** The defaults, as documented. */
    public static GroveConfig defaults()
    {
        return ConfigLoader.fromProperties(Map.of());
    }

    public GroveConfig withDataDir(Path dataDir)
    {
        return new GroveConfig(dataDir, host, httpPort, http, grpcPort, ingestMaxBatchRecords, ingestMaxRecordBytes,
                ingestMaxPendingBatches, logFsync, log, query, engineThreads,
                engineMemoryLimit, demoEventsPerSecond, shutdownGraceMillis, auth, tls, pg);
    }

    /** HTTP and gRPC on these ports; the PostgreSQL port becomes 0 (a free one), as tests and benchmarks want. */
    public GroveConfig withPorts(int httpPort, int grpcPort)
    {
        return withPorts(httpPort, grpcPort, 0);
    }

    public GroveConfig withPorts(int httpPort, int grpcPort, int pgPort)
    {
        PgConfig pg = this.pg.withPort(pgPort);
        return new GroveConfig(dataDir, host, httpPort, http, grpcPort, ingestMaxBatchRecords, ingestMaxRecordBytes,
                ingestMaxPendingBatches, logFsync, log, query, engineThreads,
                engineMemoryLimit, demoEventsPerSecond, shutdownGraceMillis, auth, tls, pg);
    }

    public GroveConfig withHttp(HttpConfig http)
    {
        return new GroveConfig(dataDir, host, httpPort, http, grpcPort, ingestMaxBatchRecords, ingestMaxRecordBytes,
                ingestMaxPendingBatches, logFsync, log, query, engineThreads,
                engineMemoryLimit, demoEventsPerSecond, shutdownGraceMillis, auth, tls, pg);
    }

    public GroveConfig withHost(String host)
    {
        return new GroveConfig(dataDir, host, httpPort, http, grpcPort, ingestMaxBatchRecords, ingestMaxRecordBytes,
                ingestMaxPendingBatches, logFsync, log, query, engineThreads,
                engineMemoryLimit, demoEventsPerSecond, shutdownGraceMillis, auth, tls, pg);
    }

    public GroveConfig withAuth(AuthConfig auth)
    {
        return new GroveConfig(dataDir, host, httpPort, http, grpcPort, ingestMaxBatchRecords, ingestMaxRecordBytes,
                ingestMaxPendingBatches, logFsync, log, query, engineThreads,
                engineMemoryLimit, demoEventsPerSecond, shutdownGraceMillis, auth, tls, pg);
    }

    public GroveConfig withTls(TlsConfig tls)
    {
        return new GroveConfig(dataDir, host, httpPort, http, grpcPort, ingestMaxBatchRecords, ingestMaxRecordBytes,
                ingestMaxPendingBatches, logFsync, log, query, engineThreads,
                engineMemoryLimit, demoEventsPerSecond, shutdownGraceMillis, auth, tls, pg);
    }

    private static void checkPort(ConfigKey key, int port)
    {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key.key() + " must be a port between 0 and 65535, was " + port);
        }
    }

    private static void checkPositive(ConfigKey key, long value)
    {
        if (value <= 0) {
            throw new IllegalArgumentException(key.key() + " must be positive, was " + value);
        }
    }
}
