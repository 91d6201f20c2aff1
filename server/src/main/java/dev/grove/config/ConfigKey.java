package dev.grove.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Every configuration key Grove reads, with its default and what it means. {@code docs/configuration.md}
 * documents exactly these; a test keeps the two in step.
 */
public enum ConfigKey
{
    DATA_DIR("grove.dataDir", "./data", "Directory holding the metadata store, the logs and (later) segments."),
    HOST("grove.host", "127.0.0.1", "Address the gRPC and HTTP servers bind to. Loopback by default; any other address needs `grove.auth.enabled=true` (or `grove.auth.allowUnauthenticatedRemote=true`)."),
    HTTP_PORT("grove.http.port", "8888", "HTTP port (Druid SQL API, status). 0 picks a free port."),
    HTTP_THREADS("grove.http.threads", "0", "Threads running HTTP SQL and datasource requests; 0 means max(4, 2 × cores). Status and health never wait for them."),
    HTTP_MAX_QUEUED_REQUESTS("grove.http.maxQueuedRequests", "128", "HTTP SQL and datasource requests that may wait for a thread; past this they get 429 (capacityExceeded)."),
    HTTP_IDLE_TIMEOUT_MS("grove.http.idleTimeoutMs", "30000", "An HTTP connection with no bytes moving for this long is closed."),
    HTTP_REQUEST_TIMEOUT_MS("grove.http.requestTimeoutMs", "30000", "A request's head and body must arrive within this; slower clients get 408 and are disconnected."),
    HTTP_MAX_HEADER_BYTES("grove.http.maxHeaderBytes", "8192", "Largest HTTP request head (request line and headers); larger gets 431."),
    HTTP_MAX_BODY_BYTES("grove.http.maxBodyBytes", "16777216", "Largest HTTP request body, in bytes; larger gets 413."),
    GRPC_PORT("grove.grpc.port", "50051", "gRPC port for every gRPC service. 0 picks a free port."),
    PG_ENABLED("grove.pg.enabled", "true", "Serve the PostgreSQL wire protocol (v3) for psql, JDBC and BI tools; the dialect stays Druid SQL."),
    PG_PORT("grove.pg.port", "5433", "PostgreSQL wire protocol port. 0 picks a free port."),
    PG_MAX_CONNECTIONS("grove.pg.maxConnections", "64", "Open PostgreSQL connections at most; one more is refused with SQLSTATE 53300 (too many connections)."),
    PG_MAX_MESSAGE_BYTES("grove.pg.maxMessageBytes", "16777216", "Largest PostgreSQL protocol message a client may send; larger closes the connection with SQLSTATE 54000."),
    PG_STARTUP_TIMEOUT_MS("grove.pg.startupTimeoutMs", "10000", "A PostgreSQL connection must finish its startup (and any message it has begun) within this, or it is closed."),
    PG_IDLE_TIMEOUT_MS("grove.pg.idleTimeoutMs", "3600000", "A PostgreSQL connection silent for this long between messages is closed (SQLSTATE 57P05)."),
    INGEST_MAX_BATCH_RECORDS("grove.ingest.maxBatchRecords", "10000", "Most records one Produce call may carry; larger batches are refused with INVALID_ARGUMENT."),
    INGEST_MAX_RECORD_BYTES("grove.ingest.maxRecordBytes", "1048576", "Largest accepted record value, in bytes; larger records are refused one by one."),
    INGEST_MAX_PENDING_BATCHES("grove.ingest.maxPendingBatches", "1024", "Batches that may wait for each log appender thread; past this Produce fails with RESOURCE_EXHAUSTED."),
    LOG_FSYNC("grove.log.fsync", "true", "Force each group commit to disk before acknowledging. Turn off only for throwaway data."),
    LOG_SEGMENT_BYTES("grove.log.segmentBytes", "134217728", "A partition's segment file rolls to a new one once it would grow past this many bytes (1 KiB to 1 GiB)."),
    LOG_INDEX_INTERVAL_BYTES("grove.log.indexIntervalBytes", "4096", "Bytes of batches between two entries of a segment's sparse offset index."),
    LOG_APPENDER_THREADS("grove.log.appenderThreads", "4", "Threads appending to and fsyncing the partitions, each owning a share of them (1 to 64); partitions on different threads never wait for each other."),
    LOG_FLUSH_INTERVAL_MS("grove.log.flushIntervalMs", "200", "How long a partition written only with acks buffered may wait for its fsync (1 to 1000): the window a machine crash can lose."),
    QUERY_TIMEOUT_MS("grove.query.timeoutMs", "300000", "Default query timeout in milliseconds (Druid's default); context key `timeout` overrides it per query."),
    QUERY_MAX_RESULT_ROWS("grove.query.maxResultRows", "1000000", "Most rows one query may return; more fails the query with a clear error."),
    QUERY_MAX_RESULT_BYTES("grove.query.maxResultBytes", "104857600", "Most bytes (estimated, as written out) one query's result may hold in memory; more fails the query with a clear error."),
    QUERY_MAX_SQL_LENGTH("grove.query.maxSqlLength", "262144", "Most characters in one SQL statement; longer ones are refused before parsing (HTTP 400)."),
    QUERY_MAX_NESTING_DEPTH("grove.query.maxNestingDepth", "100", "Most nested parentheses, expressions or subqueries in one statement (HTTP 400 'too deeply nested')."),
    QUERY_MAX_OPERATORS("grove.query.maxOperators", "1000", "Most operators (OR, AND, comparisons, arithmetic) in one statement, counted before parsing; use IN (...) for long lists."),
    QUERY_MAX_EXPRESSION_NODES("grove.query.maxExpressionNodes", "20000", "Most nodes (columns, literals, calls, list items) in one parsed statement."),
    QUERY_MAX_SELECT_ITEMS("grove.query.maxSelectItems", "2000", "Most items in one SELECT list."),
    QUERY_MAX_IN_LIST_ITEMS("grove.query.maxInListItems", "10000", "Most values in one IN (...) list."),
    QUERY_MAX_CONCURRENT("grove.query.maxConcurrent", "0", "SQL queries that run at once, over every protocol; 0 means max(4, 2 × cores). Bounds the engine's CPU and the memory results take (this × `grove.query.maxResultBytes`)."),
    QUERY_MAX_QUEUED("grove.query.maxQueued", "64", "Queries that may wait for a free slot (within their timeout); past this they are refused at once with 429 (gRPC status RUNTIME_ERROR in Druid's response)."),
    QUERY_LANES("grove.query.lanes", "one:2", "Query lanes (Druid's `lane` context key) with slots reserved for them, as `name:slots,...`; their queries may also use a free shared slot. The Holocron `LaneOneProxy` runs in lane `one`. Empty means only the default lane."),
    QUERY_RESULT_TTL_MS("grove.query.resultTtlMs", "600000", "How long a finished asynchronous query (`/v1/queries`, `/druid/v2/sql/statements`) and its results are kept (the compute agent's QUERY_RESULT_TTL); after that its results are reported expired."),
    QUERY_CLEANUP_INTERVAL_MS("grove.query.cleanupIntervalMs", "60000", "How often expired asynchronous queries are cleaned up (the compute agent's QUERY_CLEANUP_INTERVAL)."),
    QUERY_ASYNC_MAX_JOBS("grove.query.asyncMaxJobs", "1000", "Most asynchronous queries kept at once (queued, running and finished); past this a submission gets 429."),
    QUERY_ASYNC_MAX_STORED_BYTES("grove.query.asyncMaxStoredBytes", "1073741824", "Most bytes of asynchronous query results kept on disk (under `<dataDir>/queries`); a query whose result does not fit fails with a clear error."),
    ENGINE_THREADS("grove.engine.threads", "0", "DuckDB worker threads; 0 means one per core."),
    ENGINE_MEMORY_LIMIT("grove.engine.memoryLimit", "25%", "DuckDB memory limit, e.g. `4GB` or `25%` of RAM; empty means DuckDB's default (80% of RAM). A query that needs more fails with HTTP 429."),
    AUTH_ENABLED("grove.auth.enabled", "false", "Authenticate every request (HTTP Basic, gRPC `authorization` metadata) and authorize it by role (Druid's basic security). Also `./grove start --auth`. The first start creates user `admin` with the password in `GROVE_ADMIN_PASSWORD`, or a generated one printed once."),
    AUTH_MAX_FAILED_LOGINS("grove.auth.maxFailedLogins", "10", "Failed logins one client address may make in a minute; past this its logins are refused (HTTP 429, gRPC RESOURCE_EXHAUSTED) until the minute is over."),
    AUTH_ALLOW_UNAUTHENTICATED_REMOTE("grove.auth.allowUnauthenticatedRemote", "false", "With authentication off, allow binding `grove.host` to a non-loopback address, so that anyone who can reach the node reads and writes everything. Off: such a start is refused."),
    AUTH_JWT_JWKS_FILE("grove.auth.jwt.jwksFile", "", "A JWKS file (as an OIDC provider publishes) whose RSA keys sign accepted bearer tokens (`Authorization: Bearer <JWT>`, RS256/384/512); empty: bearer tokens are refused."),
    AUTH_JWT_ISSUER("grove.auth.jwt.issuer", "", "The `iss` every accepted token must carry; required with `grove.auth.jwt.jwksFile`."),
    AUTH_JWT_AUDIENCE("grove.auth.jwt.audience", "", "An `aud` every accepted token must include; empty: not checked."),
    AUTH_JWT_GROUPS_CLAIM("grove.auth.jwt.groupsClaim", "groups", "The claim listing a token's groups; each names a role the caller holds (beside the roles of the user named by `sub`)."),
    AUTH_JWT_CLOCK_SKEW_SECONDS("grove.auth.jwt.clockSkewSeconds", "60", "Tolerance for `exp` and `nbf`, in seconds."),
    AUDIT_RETENTION_DAYS("grove.audit.retentionDays", "30", "Days of audit trail kept (`audit/audit-YYYY-MM-DD.jsonl`, kept with authentication on); older days are deleted."),
    TLS_CERT_FILE("grove.tls.certFile", "", "PEM certificate chain for TLS on HTTP and gRPC (server certificate first); empty: plaintext. Needs `grove.tls.keyFile`."),
    TLS_KEY_FILE("grove.tls.keyFile", "", "PEM PKCS#8 private key (`-----BEGIN PRIVATE KEY-----`, RSA, EC or Ed25519) of the TLS certificate."),
    TLS_CLIENT_CA_FILE("grove.tls.clientCaFile", "", "PEM CA certificates whose client certificates are accepted (mTLS, optional per client): a caller with one and no other credentials is the user named by its subject's CN."),
    DEMO_RATE("grove.demo.eventsPerSecond", "200", "Events per second the demo saga simulation produces (with --demo)."),
    SHUTDOWN_GRACE_MS("grove.shutdown.graceMs", "30000", "How long a shutdown waits for in-flight requests before cutting them off.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String defaultValue, String description)
    {
        this.key = requireNonNull(key, "key is null");
        this.defaultValue = requireNonNull(defaultValue, "defaultValue is null");
        this.description = requireNonNull(description, "description is null");
    }

    public String key()
    {
        return key;
    }

    public String defaultValue()
    {
        return defaultValue;
    }

    public String description()
    {
        return description;
    }

    /** The environment variable for this key: {@code grove.http.port} → {@code GROVE_HTTP_PORT}. */
    public String environmentVariable()
    {
        return key.replace('.', '_').replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    public static Optional<ConfigKey> forKey(String key)
    {
        return Arrays.stream(values()).filter(value -> value.key.equals(key)).findFirst();
    }
}
