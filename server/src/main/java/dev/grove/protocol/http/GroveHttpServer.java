package dev.grove.protocol.http;

import dev.grove.admin.DatasourceManager;
import dev.grove.gateway.ApiKeys;
import dev.grove.gateway.Gateway;
import dev.grove.gateway.PolicyAdmin;
import dev.grove.gateway.SecurityAdmin;
import dev.grove.gateway.TlsMaterial;
import dev.grove.config.HttpConfig;
import dev.grove.query.SqlQueryService;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP API on embedded Jetty: Druid's {@code /status}, {@code /status/health},
 * {@code /druid/v2/datasources}, {@code POST /druid/v2/sql}, and Grove's {@code /grove/v1/datasources}.
 * Jetty's small pool does the I/O and answers status at once; bodies are read without holding a thread;
 * SQL and datasource requests run on a bounded executor and get 429 when it is full. Slow clients are cut
 * off: silence by the idle timeout, a head or body that takes too long by the request timeout.
 */
public final class GroveHttpServer
{
    private static final Logger log = LoggerFactory.getLogger(GroveHttpServer.class);
    /** Jetty's threads: acceptor, selector and short non-blocking work only, so a few suffice. */
    private static final int JETTY_MAX_THREADS = 32;
    private static final int JETTY_MIN_THREADS = 4;
    private static final int ACCEPT_QUEUE = 128;

    private final String host;
    private final int port;
    private final Server server;
    private final ServerConnector connector;
    private final ThreadPoolExecutor queryExecutor;
    private final GroveHttpHandler handler;
    private final HeadDeadlines headDeadlines;
    private final String version;
    private final StartupState startup;

    public GroveHttpServer(String host, int port, HttpConfig config, String version, SqlQueryService queries, DatasourceManager datasources,
            StartupState startup, Gateway gateway, SecurityAdmin securityAdmin, PolicyAdmin policyAdmin, ApiKeys apiKeys,
            Optional<TlsMaterial> tls)
    {
        this.host = requireNonNull(host, "host is null");
        this.port = port;
        this.version = requireNonNull(version, "version is null");
        this.startup = requireNonNull(startup, "startup is null");
        AtomicInteger threadNumber = new AtomicInteger();
        int threads = config.effectiveThreads();
        this.queryExecutor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.maxQueuedRequests()),
                runnable -> {
                    Thread thread = new Thread(runnable, "grove-http-query-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                // full: the handler answers 429 rather than queueing without bound or blocking Jetty's threads
                new ThreadPoolExecutor.AbortPolicy());

        QueuedThreadPool jettyThreads = new QueuedThreadPool(JETTY_MAX_THREADS, JETTY_MIN_THREADS);
        jettyThreads.setName("grove-http");
        jettyThreads.setDaemon(true);
        this.server = new Server(jettyThreads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(config.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = tls.isPresent()
                ? new ServerConnector(server, new SslConnectionFactory(sslContextFactory(tls.get()), "http/1.1"), new HttpConnectionFactory(http))
                : new ServerConnector(server, new HttpConnectionFactory(http));
        if (tls.isPresent()) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // clients reach a node by IP as often as by name; the certificate is checked by the client, not here
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(config.idleTimeoutMillis());
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        // without TCP_NODELAY, small responses wait ~40 ms on the client's delayed ACK (Jetty's default, stated here)
        connector.setAcceptedTcpNoDelay(true);
        server.addConnector(connector);
        server.setErrorHandler(new DruidErrorHandler());
        this.handler = new GroveHttpHandler(new SqlHttpHandler(queries), new DatasourcesHttpHandler(datasources), new BasicSecurityHttpHandler(securityAdmin),
                new PoliciesHttpHandler(policyAdmin, gateway, queries), new ApiKeysHttpHandler(apiKeys), new AuditHttpHandler(gateway.audit()),
                this::status, startup, gateway, queryExecutor, config.requestTimeoutMillis(), config.maxBodyBytes());
        server.setHandler(handler);
        this.headDeadlines = new HeadDeadlines(connector, config.requestTimeoutMillis());
    }

    private static SslContextFactory.Server sslContextFactory(TlsMaterial tls)
    {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.identity());
        ssl.setKeyStorePassword(new String(tls.password()));
        tls.clientCas().ifPresent(cas -> {
            ssl.setTrustStore(cas);
            // a client certificate is one way to authenticate, not a requirement
            ssl.setWantClientAuth(true);
        });
        return ssl;
    }

    public GroveHttpServer start()
    {
        try {
            server.start();
        }
        catch (Exception e) {
            stopQuietly();
            String reason = rootCause(e).getMessage();
            throw new UncheckedIOException("Cannot listen for HTTP on " + host + ":" + port + ": " + reason
                    + " (is another process using the port? choose another with --http-port)",
                    e instanceof IOException io ? io : new IOException(e));
        }
        headDeadlines.start();
        return this;
    }

    public int port()
    {
        return connector.getLocalPort();
    }

    /**
     * Drains, then stops: new requests get 503 at once, requests in flight get up to {@code graceMillis}
     * to finish, then connections close and the threads stop.
     */
    /** From now on new requests get 503; the ones in flight carry on. */
    public void startDraining()
    {
        handler.startDraining();
    }

    public void stop(long graceMillis)
            throws InterruptedException
    {
        handler.startDraining();
        if (!handler.awaitIdle(graceMillis)) {
            log.warn("HTTP requests still running after {} ms; cutting them off", graceMillis);
        }
        headDeadlines.stop();
        queryExecutor.shutdownNow();
        stopQuietly();
    }

    private void stopQuietly()
    {
        try {
            server.stop();
        }
        catch (Exception e) {
            log.warn("Stopping the HTTP server failed", e);
        }
        queryExecutor.shutdownNow();
    }

    private static Throwable rootCause(Throwable throwable)
    {
        Throwable cause = throwable;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void status(HttpExchange exchange)
            throws IOException
    {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/status", "/status/" -> HttpExchanges.sendJson(exchange, 200, statusBody());
            case "/status/health" -> health(exchange);
            case "/status/selfDiscovered" -> HttpExchanges.sendJson(exchange, startup.current().isEmpty() ? 200 : 503,
                    Map.of("selfDiscovered", startup.current().isEmpty()));
            default -> HttpExchanges.notFound(exchange);
        }
    }

    /** Druid's {@code true} once ready; while recovering, 503 with what it is doing and how far it got. */
    private void health(HttpExchange exchange)
            throws IOException
    {
        Optional<StartupState.Recovering> recovering = startup.current();
        if (recovering.isEmpty()) {
            HttpExchanges.sendJson(exchange, 200, true);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "RECOVERING");
        body.put("progress", Math.floor(recovering.get().progress() * 100) / 100);
        body.put("message", recovering.get().message());
        HttpExchanges.sendJson(exchange, 503, body);
    }

    private Map<String, Object> statusBody()
    {
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("maxMemory", runtime.maxMemory());
        memory.put("totalMemory", runtime.totalMemory());
        memory.put("freeMemory", runtime.freeMemory());
        memory.put("usedMemory", runtime.totalMemory() - runtime.freeMemory());
        memory.put("directMemory", ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("modules", List.of());
        body.put("memory", memory);
        return body;
    }
}
