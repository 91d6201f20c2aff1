package dev.grove.protocol.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.grove.admin.DatasourceManager;
import dev.grove.query.SqlQueryService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP API on the JDK's built-in server: Druid's {@code /status}, {@code /status/health},
 * {@code /druid/v2/datasources}, {@code POST /druid/v2/sql}, and Grove's {@code /grove/v1/datasources}.
 * Requests run on a bounded pool with a bounded queue; when both are full, accepting slows down.
 */
public final class GroveHttpServer
{
    private static final int MAX_QUEUED_REQUESTS = 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String version;

    public GroveHttpServer(String host, int port, int threads, String version, SqlQueryService queries, DatasourceManager datasources)
    {
        this.version = requireNonNull(version, "version is null");
        // without TCP_NODELAY, small responses wait ~40 ms on the client's delayed ACK; read once, before the first server
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot listen for HTTP on " + host + ":" + port + ": " + e.getMessage()
                    + " (is another process using the port? choose another with --http-port)", e);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(MAX_QUEUED_REQUESTS),
                runnable -> {
                    Thread thread = new Thread(runnable, "grove-http-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                // a full queue makes the accepting thread run the request itself, which slows accepting: back-pressure
                // without an exception escaping into the JDK server's dispatcher
                new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        SqlHttpHandler sql = new SqlHttpHandler(queries);
        DatasourcesHttpHandler datasourceHandler = new DatasourcesHttpHandler(datasources);
        server.createContext("/druid/v2/sql", exchange -> HttpExchanges.handle(exchange, exact("/druid/v2/sql", sql::handle)));
        server.createContext("/druid/v2/datasources", exchange -> HttpExchanges.handle(exchange, datasourceHandler::handleDruid));
        server.createContext("/grove/v1/datasources", exchange -> HttpExchanges.handle(exchange, datasourceHandler::handleGrove));
        server.createContext("/status", exchange -> HttpExchanges.handle(exchange, this::status));
        // a single node is its own broker: ready as soon as it serves (recovery happens before the servers start)
        server.createContext("/druid/broker/v1/readiness", exchange -> HttpExchanges.handle(exchange,
                exact("/druid/broker/v1/readiness", ready -> HttpExchanges.send(ready, 200, "application/json", new byte[0]))));
        server.createContext("/", exchange -> HttpExchanges.handle(exchange, HttpExchanges::notFound));
    }

    public GroveHttpServer start()
    {
        server.start();
        return this;
    }

    public int port()
    {
        return server.getAddress().getPort();
    }

    /** Stops accepting connections and gives in-flight exchanges up to {@code graceMillis} to finish. */
    public void stop(long graceMillis)
            throws InterruptedException
    {
        // finish the exchanges already running first: the JDK server's own stop(delay) waits the whole delay on JDK 17
        executor.shutdown();
        if (!executor.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
        }
        server.stop(0);
    }

    private void status(HttpExchange exchange)
            throws IOException
    {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/status", "/status/" -> HttpExchanges.sendJson(exchange, 200, statusBody());
            case "/status/health" -> HttpExchanges.sendJson(exchange, 200, true);
            case "/status/selfDiscovered" -> HttpExchanges.sendJson(exchange, 200, Map.of("selfDiscovered", true));
            default -> HttpExchanges.notFound(exchange);
        }
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

    private static HttpExchanges.ExchangeHandler exact(String path, HttpExchanges.ExchangeHandler handler)
    {
        return exchange -> {
            String requested = exchange.getRequestURI().getPath();
            if (requested.equals(path) || requested.equals(path + "/")) {
                handler.handle(exchange);
            }
            else {
                HttpExchanges.notFound(exchange);
            }
        };
    }
}
