package dev.grove.node;

import dev.grove.admin.DatasourceManager;
import dev.grove.config.AuthConfig;
import dev.grove.config.GroveConfig;
import dev.grove.config.LogConfig;
import dev.grove.config.QueryConfig;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceRegistry;
import dev.grove.engine.DuckDbEngine;
import dev.grove.engine.EngineConfig;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.gateway.ApiKeys;
import dev.grove.gateway.AuditLog;
import dev.grove.gateway.Authenticator;
import dev.grove.gateway.Authorizer;
import dev.grove.gateway.FailedLogins;
import dev.grove.gateway.Gateway;
import dev.grove.gateway.JwtVerifier;
import dev.grove.gateway.PasswordHasher;
import dev.grove.gateway.PolicyAdmin;
import dev.grove.gateway.SecurityAdmin;
import dev.grove.gateway.SecurityBootstrap;
import dev.grove.gateway.SecurityStore;
import dev.grove.gateway.TlsMaterial;
import dev.grove.protocol.grpc.GrpcTls;
import dev.grove.engine.QueryResult;
import dev.grove.index.RealtimeIndexer;
import dev.grove.ingest.AppenderSettings;
import dev.grove.ingest.IngestService;
import dev.grove.ingest.LocalLeaseSource;
import dev.grove.ingest.LogAppender;
import dev.grove.ingest.ProducerRegistry;
import dev.grove.log.DatasourceLog;
import dev.grove.log.LogSettings;
import dev.grove.lookup.LookupManager;
import dev.grove.metadata.DatasourceStore;
import dev.grove.metadata.LookupStore;
import dev.grove.metadata.MetadataStore;
import dev.grove.metadata.ProducerStore;
import dev.grove.metadata.ViewStore;
import dev.grove.protocol.grpc.GroveGrpcServer;
import dev.grove.protocol.http.GroveHttpServer;
import dev.grove.protocol.http.StartupState;
import dev.grove.query.AsyncQueries;
import dev.grove.protocol.pg.PgCatalog;
import dev.grove.protocol.pg.PgGatewayAuthenticator;
import dev.grove.protocol.pg.PgServer;
import dev.grove.query.DatasourceTables;
import dev.grove.query.RunningQueries;
import dev.grove.query.SqlQueryService;
import dev.grove.sql.PlannedQuery;
import dev.grove.sql.SqlLimits;
import dev.grove.sql.SqlPlanner;
import dev.grove.sql.SystemServer;
import dev.grove.view.ViewManager;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One Grove node: the single place where every component is built, with plain constructors, and
 * closed again in reverse order. Start-up checks the ports, starts HTTP (answering 503 "recovering"
 * with its progress), recovers every datasource from its log, then starts gRPC and turns ready.
 */
public final class GroveNode
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(GroveNode.class);
    private static final int GRPC_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    private static final int INDEXER_QUEUE = 64;
    private static final long VIEW_DESCRIBE_TIMEOUT_MILLIS = 10_000;
    /** Time kept at the end of the shutdown grace period for cancelled queries to send their answers. */
    private static final long MAX_ANSWER_MARGIN_MILLIS = 2_000;
    public static final String ADMIN_PASSWORD_VARIABLE = "GROVE_ADMIN_PASSWORD";
    private static final long FAILED_LOGIN_WINDOW_MILLIS = 60_000;

    private final GroveConfig config;
    /** What start-up opened, closed in reverse order by {@link #close()} or by a failed start. */
    private final Deque<Resource> resources = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private IngestService ingest;
    private GroveGrpcServer grpc;
    private GroveHttpServer http;
    private PgServer pg;
    private final StartupState startup = new StartupState();
    /** Set once this node holds the data directory's lock; only then may a failed start delete what it created. */
    private boolean dataDirectoryLocked;
    private final RunningQueries runningQueries = new RunningQueries();
    private SecurityAdmin securityAdmin;
    private ApiKeys apiKeys;
    private Optional<String> generatedAdminPassword = Optional.empty();
    /** When a shutdown's grace period ends (System.nanoTime); until close() begins, a whole grace period from now. */
    private volatile long shutdownDeadlineNanos = Long.MIN_VALUE;

    private GroveNode(GroveConfig config, RecoveryHook recoveryHook)
    {
        this.config = config;
        Path dataDir = config.dataDir();
        boolean existed = Files.isDirectory(dataDir);
        boolean newDirectory = StartupChecks.isNew(dataDir);
        try {
            open(recoveryHook);
        }
        catch (RuntimeException | Error e) {
            if (newDirectory && dataDirectoryLocked) {
                // a failed first start leaves nothing behind (no metadata.db, no log directory, no .lock);
                // deleted while still holding the lock, so never another node's files
                closeResourcesAbove(1);
                StartupChecks.deleteCreated(dataDir, existed);
            }
            closeResources();
            throw e;
        }
    }

    /** {@code sys.servers}: this node, as each Druid service it stands in for, once HTTP listens. */
    private List<SystemServer> servers(String startTime)
    {
        GroveHttpServer server = http;
        if (server == null) {
            return List.of();
        }
        return List.of(new SystemServer(config.host(), server.port(), "coordinator", true, startTime),
                new SystemServer(config.host(), server.port(), "broker", false, startTime),
                new SystemServer(config.host(), server.port(), "historical", false, startTime));
    }

    /** A view's result columns (name → SQL type): plan it, and run it for no rows. */
    private static Map<String, String> describe(SqlPlanner planner, DuckDbEngine engine, String sql, InstantSource clock)
    {
        PlannedQuery plan = planner.plan(sql, List.of(), clock.instant());
        QueryResult result = engine.execute("SELECT * FROM (" + plan.duckDbSql() + ") LIMIT 0", plan.parameters(), plan.columnNames(), VIEW_DESCRIBE_TIMEOUT_MILLIS,
                new DuckDbEngine.ResultLimits(1, 1024));
        Map<String, String> columns = new LinkedHashMap<>();
        result.columns().forEach(column -> columns.put(column.name(), column.sqlType()));
        return columns;
    }

    private void open(RecoveryHook recoveryHook)
    {
        InstantSource clock = InstantSource.system();
        Path dataDir = config.dataDir();
        // before any file is created, so a clash costs nothing to undo
        StartupChecks.checkPortFree("HTTP", config.host(), config.httpPort(), "--http-port");
        StartupChecks.checkPortFree("gRPC", config.host(), config.grpcPort(), "--grpc-port");
        if (config.pg().enabled()) {
            StartupChecks.checkPortFree("PostgreSQL", config.host(), config.pg().port(), "--pg-port");
        }
        StartupChecks.checkBindAllowed(config.host(), config.auth());
        Optional<TlsMaterial> tls = config.tls().certFile().map(certificate -> TlsMaterial.fromPem(Path.of(certificate), Path.of(config.tls().keyFile().orElseThrow()),
                config.tls().clientCaFile().map(Path::of)));
        lockDataDirectory(dataDir);
        MetadataStore metadata = MetadataStore.openSqlite(dataDir.resolve("metadata.db"));
        resources.push(metadata::close);
        DatasourceStore datasourceStore = new DatasourceStore(metadata);
        ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "grove-query-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        resources.push(timeouts::shutdownNow);
        DuckDbEngine engine = DuckDbEngine.openInMemory(new EngineConfig(config.engineThreads(), config.engineMemoryLimit()), timeouts);
        resources.push(engine::close);
        // datasources are indexed in parallel, each table by one thread; more threads than cores would only contend
        RealtimeIndexer indexer = new RealtimeIndexer(engine, INDEXER_QUEUE, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        Path logRoot = dataDir.resolve("log");
        LogConfig logConfig = config.log();
        LogAppender appender = new LogAppender(logRoot, new AppenderSettings(config.logFsync(), config.ingestMaxPendingBatches(), logConfig.appenderThreads(),
                logConfig.flushIntervalMillis(), new LogSettings(logConfig.segmentBytes(), logConfig.indexIntervalBytes())), indexer);
        resources.push(appender::stop);
        DatasourceRegistry registry = new DatasourceRegistry();
        Gateway gateway = openGateway(metadata, registry);
        ProducerRegistry producers = new ProducerRegistry(new ProducerStore(metadata), clock);
        ingest = new IngestService(registry, appender, producers, new LocalLeaseSource(), config.ingestMaxBatchRecords(), config.ingestMaxRecordBytes());
        DatasourceManager datasources = new DatasourceManager(datasourceStore, registry, engine, appender, clock);
        LookupManager lookups = new LookupManager(new LookupStore(metadata), engine, clock);
        lookups.start();
        ViewManager views = new ViewManager(new ViewStore(metadata), clock);
        QueryConfig query = config.query();
        SqlLimits sqlLimits = new SqlLimits(query.maxSqlLength(), query.maxNestingDepth(), query.maxOperators(), query.maxExpressionNodes(),
                query.maxSelectItems(), query.maxInListItems());
        String startTime = clock.instant().toString();
        SqlPlanner planner = new SqlPlanner(new DatasourceTables(registry, lookups, views, () -> servers(startTime)), sqlLimits);
        views.start(sql -> describe(planner, engine, sql, clock));
        SqlQueryService queries = new SqlQueryService(planner, engine, clock, query.timeoutMillis(),
                new DuckDbEngine.ResultLimits(query.maxResultRows(), query.maxResultBytes()), runningQueries, query.effectiveMaxConcurrent(), query.maxQueued(),
                query.lanes());

        AsyncQueries asyncQueries = new AsyncQueries(queries, dataDir.resolve("queries"), clock, query.resultTtlMillis(), query.cleanupIntervalMillis(),
                query.asyncMaxJobs(), query.asyncMaxStoredBytes(), query.effectiveMaxConcurrent());
        resources.push(asyncQueries::close);

        PolicyAdmin policyAdmin = new PolicyAdmin(securityAdmin.store(), registry);
        // HTTP first: during a long recovery it answers health (503 RECOVERING, with progress) instead of nothing
        try {
            http = new GroveHttpServer(config.host(), config.httpPort(), config.http(), version(), queries, datasources, lookups, views, startup, gateway,
                    securityAdmin, policyAdmin, apiKeys, tls, asyncQueries).start();
        }
        catch (RuntimeException e) {
            throw StartupChecks.explainBindFailure(e, "HTTP", config.host(), config.httpPort(), "--http-port");
        }
        resources.push(() -> http.stop(remainingGraceMillis()));
        log.info("HTTP on {}:{} answers 503 (recovering) until recovery is done", config.host(), http.port());

        long started = System.nanoTime();
        // recovery applies through the indexer thread, the only thread that ever holds a table writer
        indexer.start();
        new StartupRecovery(engine, appender, registry, logRoot, startup).recoverAll(datasourceStore.list(), datasource -> recoveryHook.beforeRecovering(this, datasource));
        deleteOrphanLogs(logRoot, registry);
        log.info("Recovered {} datasources in {} ms", registry.list().size(), (System.nanoTime() - started) / 1_000_000);
        appender.start();

        // gRPC after recovery: its health is SERVING as soon as it listens, and produce needs the running appender
        try {
            NettyServerBuilder grpcBuilder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.grpcPort()));
            tls.ifPresent(material -> grpcBuilder.sslContext(GrpcTls.serverContext(material)));
            grpc = new GroveGrpcServer(grpcBuilder,
                    queries, ingest, datasources, gateway, policyAdmin, GRPC_MAX_MESSAGE_BYTES, asyncQueries).start();
        }
        catch (RuntimeException e) {
            throw StartupChecks.explainBindFailure(e, "gRPC", config.host(), config.grpcPort(), "--grpc-port");
        }
        resources.push(() -> grpc.stop(remainingGraceMillis()));
        if (config.pg().enabled()) {
            startPg(registry, queries, timeouts, gateway, tls);
        }
        startup.markReady();
        log.info("Grove {} serving: gRPC on {}:{}, HTTP on {}:{}, data in {}", version(), config.host(), grpc.port(), config.host(), http.port(),
                dataDir.toAbsolutePath());
    }

    /** The PostgreSQL front door, with a catalog-only DuckDB (no data in it) for pg_catalog queries. */
    private void startPg(DatasourceRegistry registry, SqlQueryService queries, ScheduledExecutorService timeouts, Gateway gateway, Optional<TlsMaterial> tls)
    {
        DuckDbEngine catalogEngine = DuckDbEngine.openInMemory(new EngineConfig(1, "64MB"), timeouts);
        resources.push(catalogEngine::close);
        PgCatalog catalog = new PgCatalog(registry, catalogEngine, version());
        try {
            pg = new PgServer(config.host(), config.pg(), queries, catalog, new PgGatewayAuthenticator(gateway), tls).start();
        }
        catch (RuntimeException e) {
            throw StartupChecks.explainBindFailure(e, "PostgreSQL", config.host(), config.pg().port(), "--pg-port");
        }
        resources.push(() -> pg.stop(remainingGraceMillis()));
        log.info("PostgreSQL wire protocol on {}:{}{}", config.host(), pg.port(), tls.isPresent() ? " (TLS on SSLRequest)" : "");
    }

    /** Users, roles and the admin created on the first start with authentication on. */
    private Gateway openGateway(MetadataStore metadata, DatasourceRegistry registry)
    {
        AuthConfig auth = config.auth();
        SecurityStore securityStore = new SecurityStore(metadata);
        PasswordHasher hasher = new PasswordHasher();
        securityAdmin = new SecurityAdmin(securityStore, hasher);
        apiKeys = new ApiKeys(metadata, securityStore);
        if (auth.enabled()) {
            Optional<String> given = Optional.ofNullable(System.getenv(ADMIN_PASSWORD_VARIABLE)).filter(password -> !password.isEmpty());
            generatedAdminPassword = SecurityBootstrap.ensureAdmin(securityStore, hasher, given);
            generatedAdminPassword.ifPresent(password -> log.warn("Created user '{}' with the generated password {} ; it is shown only this once: "
                    + "keep it, or set {} before the first start next time", SecurityBootstrap.ADMIN, password, ADMIN_PASSWORD_VARIABLE));
        }
        Optional<JwtVerifier> bearerTokens = auth.jwksFile().map(file -> new JwtVerifier(JwtVerifier.readJwks(Path.of(file)), auth.jwtIssuer(), auth.jwtAudience(),
                auth.jwtGroupsClaim(), auth.jwtClockSkewSeconds()));
        AuditLog audit = auth.enabled() ? AuditLog.open(config.dataDir().resolve("audit"), auth.auditRetentionDays()) : AuditLog.DISABLED;
        resources.push(audit::close);
        return new Gateway(new Authenticator(auth.enabled(), securityStore, hasher, new FailedLogins(auth.maxFailedLogins(), FAILED_LOGIN_WINDOW_MILLIS),
                bearerTokens, apiKeys),
                new Authorizer(auth.enabled(), securityStore, registry, audit), audit);
    }

    /** Users and roles, for services the node runs itself (the demo) and for tools. */
    public SecurityAdmin securityAdmin()
    {
        return securityAdmin;
    }

    /** The admin password generated by this start (the first with authentication on), shown once; empty otherwise. */
    public Optional<String> generatedAdminPassword()
    {
        return generatedAdminPassword;
    }

    private void lockDataDirectory(Path dataDir)
    {
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            }
            catch (OverlappingFileLockException e) {
                // another node in this same JVM holds it
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Data directory " + dataDir.toAbsolutePath() + " is in use by another Grove node; stop it or choose another --data-dir");
            }
            FileLock held = lock;
            dataDirectoryLocked = true;
            resources.push(() -> {
                held.release();
                channel.close();
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot use data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** Something start-up opened; closing it may block while it drains. */
    @FunctionalInterface
    private interface Resource
    {
        void close()
                throws Exception;
    }

    /** Called before each datasource is recovered; tests use it to hold recovery and look at the node meanwhile. */
    @FunctionalInterface
    interface RecoveryHook
    {
        RecoveryHook NONE = (node, datasource) -> {};

        void beforeRecovering(GroveNode node, String datasource);
    }

    /**
     * Starts a node and returns once it serves everything. The HTTP server listens from before recovery
     * on, answering health with 503 and its progress, so an operator sees a starting node, not none.
     */
    public static GroveNode start(GroveConfig config)
    {
        return new GroveNode(config, RecoveryHook.NONE);
    }

    static GroveNode start(GroveConfig config, RecoveryHook recoveryHook)
    {
        return new GroveNode(config, recoveryHook);
    }

    public int grpcPort()
    {
        return grpc.port();
    }

    public int httpPort()
    {
        return http.port();
    }

    /** True while any SQL query runs (tests wait for one to start before acting on it). */
    boolean isQueryRunning()
    {
        return runningQueries.count() > 0;
    }

    /** The PostgreSQL port, or -1 when {@code grove.pg.enabled} is false. */
    public int pgPort()
    {
        return pg == null ? -1 : pg.port();
    }

    public GroveConfig config()
    {
        return config;
    }

    public static String version()
    {
        String version = GroveNode.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /**
     * Graceful stop: refuse new events, let in-flight calls finish, write and fsync everything
     * accepted, then close the engine and the metadata store.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long graceMillis = config.shutdownGraceMillis();
        shutdownDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        log.info("Shutting down: refusing new requests; {} queries running, waiting up to {} ms (grove.shutdown.graceMs)", runningQueries.count(), graceMillis);
        ingest.startDraining();
        http.startDraining();
        grpc.startDraining();
        if (pg != null) {
            pg.startDraining();
        }
        Set<String> cancelled = cancelQueriesAtGraceEnd(graceMillis);
        closeResources();
        if (cancelled.isEmpty()) {
            log.info("Shut down cleanly");
        }
        else {
            log.warn("Shut down; {} queries were cancelled at the end of the grace period", cancelled.size());
        }
    }

    /**
     * Lets running queries finish until shortly before the grace period ends, then cancels the rest
     * so that each still gets an answer (503, "the node is shutting down") before the servers stop.
     */
    private Set<String> cancelQueriesAtGraceEnd(long graceMillis)
    {
        long answerMargin = Math.min(MAX_ANSWER_MARGIN_MILLIS, graceMillis / 4);
        try {
            if (runningQueries.awaitNone(graceMillis - answerMargin)) {
                return Set.of();
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<String> cancelled = runningQueries.cancelAll(new GroveException(GroveErrorCode.NODE_DRAINING,
                "Query cancelled: the node is shutting down and the query did not finish within the shutdown grace period of " + graceMillis
                        + " ms (grove.shutdown.graceMs); retry it on another node or once this one is back"));
        if (!cancelled.isEmpty()) {
            log.warn("Cancelled {} queries still running {} ms into the shutdown: sqlQueryIds {}", cancelled.size(), graceMillis - answerMargin, cancelled);
        }
        return cancelled;
    }

    private long remainingGraceMillis()
    {
        long deadline = shutdownDeadlineNanos;
        if (deadline == Long.MIN_VALUE) {
            return config.shutdownGraceMillis();
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** Closes what was opened, newest first: servers, then the log (flushing it), the engine, the metadata store, the lock. */
    private void closeResources()
    {
        closeResourcesAbove(0);
    }

    /** Closes what was opened, newest first, keeping the {@code keep} oldest (the lock is the oldest). */
    private void closeResourcesAbove(int keep)
    {
        while (resources.size() > keep) {
            try {
                resources.pop().close();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.warn("Interrupted while shutting down; acknowledged events are safe in the log");
            }
            catch (Exception e) {
                log.warn("Closing a component failed", e);
            }
        }
    }

    /** A log whose datasource is gone (a crash mid-drop) is deleted, so a new datasource of that name starts empty. */
    private static void deleteOrphanLogs(Path logRoot, DatasourceRegistry registry)
    {
        if (!Files.isDirectory(logRoot)) {
            return;
        }
        Set<String> known = registry.list().stream().map(Datasource::name).collect(Collectors.toSet());
        try (Stream<Path> directories = Files.list(logRoot)) {
            for (Path directory : directories.toList()) {
                if (!known.contains(directory.getFileName().toString())) {
                    log.warn("Deleting log {} of a datasource that no longer exists", directory);
                    DatasourceLog.delete(directory);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + logRoot + ": " + e.getMessage(), e);
        }
    }
}
