package dev.grove.protocol.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.grove.gateway.Access;
import dev.grove.gateway.Action;
import dev.grove.gateway.Gateway;
import dev.grove.gateway.ResourceType;
import dev.grove.gateway.TlsMaterial;
import org.eclipse.jetty.io.EndPoint;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Routes requests and decides where they run. Status, health and readiness are answered at once on
 * Jetty's thread. SQL and datasource requests first have their body read without holding a thread
 * (a slow client only costs a buffer), within the request deadline and the body limit, then run on
 * the bounded query executor; when it is full they get 429. While the node recovers, SQL and datasource
 * requests get 503 saying how far recovery got; while draining, new requests get 503.
 * Thread safe.
 */
final class GroveHttpHandler
        extends Handler.Abstract
{
    private static final Logger log = LoggerFactory.getLogger(GroveHttpHandler.class);
    private static final HttpField CONNECTION_CLOSE = new HttpField(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    private static final String RETRY_AFTER_SECONDS = "1";
    static final String NATIVE_QUERY_PATH = "/druid/v2";
    private static final String HEALTH_PATH = "/status/health";
    private static final String FRONT_DOOR = "http";

    private final Route sql;
    private final Route statements;
    private final Route queries;
    private final HttpExchanges.ExchangeHandler lifecycleHealth;
    private final Route druidDatasources;
    private final Route groveDatasources;
    private final Route security;
    private final Route policies;
    private final Route apiKeys;
    private final Route audit;
    private final HttpExchanges.ExchangeHandler health;
    private final Route lookups;
    private final Route views;
    private final HttpExchanges.ExchangeHandler status;
    private final Gateway gateway;
    private final StartupState startup;
    private final ExecutorService queryExecutor;
    private final long requestTimeoutNanos;
    private final int maxBodyBytes;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();

    GroveHttpHandler(SqlHttpHandler sql, DatasourcesHttpHandler datasources, LookupsHttpHandler lookups, ViewsHttpHandler views,
            BasicSecurityHttpHandler security, PoliciesHttpHandler policies,
            ApiKeysHttpHandler apiKeys, AuditHttpHandler audit, HttpExchanges.ExchangeHandler status,
            StartupState startup, Gateway gateway, ExecutorService queryExecutor, long requestTimeoutMillis, int maxBodyBytes,
            SqlStatementsHttpHandler statements, QueriesHttpHandler queries)
    {
        this.gateway = requireNonNull(gateway, "gateway is null");
        this.sql = new Route(SqlHttpHandler.PATH, false, authenticated(sql::handle));
        this.statements = new Route(SqlStatementsHttpHandler.PATH, false, authenticated(statements::handle));
        this.queries = new Route(QueriesHttpHandler.PATH, false, authenticated(queries::handle));
        // like /status/health: load numbers for load balancers and gateways, not behind authentication
        this.lifecycleHealth = queries::health;
        this.druidDatasources = new Route("/druid/v2/datasources", false, authenticated(datasources::handleDruid));
        this.groveDatasources = new Route("/grove/v1/datasources", false, audited(datasources::handleGrove));
        this.security = new Route(BasicSecurityHttpHandler.PATH, false, audited(security::handle));
        this.policies = new Route(PoliciesHttpHandler.PATH, false, audited(policies::handle));
        this.apiKeys = new Route(ApiKeysHttpHandler.PATH, false, audited(apiKeys::handle));
        this.audit = new Route(AuditHttpHandler.PATH, true, authenticated(audit::handle));
        // Druid's lookup config API needs CONFIG permissions; views are configuration too
        this.lookups = new Route(LookupsHttpHandler.PATH, false, audited(configuration(lookups::handle)));
        this.views = new Route(ViewsHttpHandler.PATH, false, audited(configuration(views::handle)));
        this.health = requireNonNull(status, "status is null");
        this.status = authenticated(exchange -> {
            exchange.access().check(ResourceType.STATE, Access.STATE, Action.READ);
            status.handle(exchange);
        });
        this.startup = requireNonNull(startup, "startup is null");
        this.queryExecutor = requireNonNull(queryExecutor, "queryExecutor is null");
        this.requestTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMillis);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        if (draining.get()) {
            response.getHeaders().put(CONNECTION_CLOSE);
            writeError(response, callback, 503, "The node is shutting down; retry on another node");
            return true;
        }
        URI uri;
        try {
            uri = URI.create(request.getHttpURI().getPathQuery());
        }
        catch (IllegalArgumentException e) {
            writeError(response, callback, 400, "Malformed request target: " + e.getMessage());
            return true;
        }
        inFlight.incrementAndGet();
        Callback tracked = Callback.from(() -> {
            finished();
            callback.succeeded();
        }, failure -> {
            finished();
            callback.failed(failure);
        });
        String path = request.getHttpURI().getPath();
        boolean statement = isUnder(path, SqlStatementsHttpHandler.PATH);
        if (request.getMethod().equals("DELETE") && path.startsWith(SqlHttpHandler.PATH + "/") && !statement) {
            // a cancel must never wait in the query pool behind the queries it cancels; it only flags them
            closeIfBodyUnread(request, response);
            HttpExchange exchange = exchange(request, uri, new byte[0]);
            HttpExchanges.handle(exchange, sql.handler());
            write(exchange, response, tracked);
            return true;
        }
        boolean lifecycle = isUnder(path, QueriesHttpHandler.PATH);
        if ((statement || lifecycle) && !isExactly(path, SqlStatementsHttpHandler.PATH) && !isExactly(path, QueriesHttpHandler.PATH) && !path.endsWith("/results")) {
            // status, cancel and delete of an asynchronous query only read memory or flag it: never queued behind running queries
            closeIfBodyUnread(request, response);
            HttpExchange exchange = exchange(request, uri, new byte[0]);
            HttpExchanges.handle(exchange, (statement ? statements : queries).handler());
            write(exchange, response, tracked);
            return true;
        }
        for (Route route : new Route[] {statement ? statements : sql, queries, druidDatasources, groveDatasources, security, policies, apiKeys, audit, lookups, views}) {
            if (path.startsWith(route.prefix()) && (route != queries || isUnder(path, QueriesHttpHandler.PATH))) {
                Optional<StartupState.Recovering> recovering = startup.current();
                if (recovering.isPresent()) {
                    closeIfBodyUnread(request, response);
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
                    writeError(response, tracked, 503, "the node is starting: recovering (" + recovering.get().percent() + "%); retry shortly");
                }
                else {
                    readThenRun(route, request, uri, response, tracked);
                }
                return true;
            }
        }
        closeIfBodyUnread(request, response);
        HttpExchange exchange = exchange(request, uri, new byte[0]);
        // health is for load balancers and orchestrators: never behind authentication, as in Druid
        if (isExactly(path, HEALTH_PATH)) {
            HttpExchanges.handle(exchange, health);
        }
        else if (path.startsWith("/status")) {
            HttpExchanges.handle(exchange, status);
        }
        else if (isExactly(path, QueriesHttpHandler.HEALTH_PATH)) {
            HttpExchanges.handle(exchange, lifecycleHealth);
        }
        // a single node is its own broker: ready once recovery is done
        else if (isExactly(path, "/druid/broker/v1/readiness")) {
            int readiness = startup.current().isEmpty() ? 200 : 503;
            HttpExchanges.handle(exchange, authenticated(ready -> {
                ready.access().check(ResourceType.STATE, Access.STATE, Action.READ);
                HttpExchanges.send(ready, readiness, "application/json", new byte[0]);
            }));
        }
        // Druid's native JSON query endpoint: say so, rather than a bare 404
        else if (isExactly(path, NATIVE_QUERY_PATH) && request.getMethod().equals("POST")) {
            HttpExchanges.handle(exchange, unsupported -> HttpExchanges.sendError(unsupported, DruidErrorJson.forStatus(501,
                    "Native JSON queries are not supported yet; send Druid SQL to /druid/v2/sql")));
        }
        else {
            HttpExchanges.handle(exchange, HttpExchanges::notFound);
        }
        write(exchange, response, tracked);
        return true;
    }

    /** From now on new requests get 503; the ones already in flight carry on. */
    void startDraining()
    {
        draining.set(true);
    }

    /** Waits until no request is in flight, or the time is up; true if none is. */
    boolean awaitIdle(long timeoutMillis)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return false;
                }
                idle.wait(remaining);
            }
        }
        return true;
    }

    private void finished()
    {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private void readThenRun(Route route, Request request, URI uri, Response response, Callback callback)
    {
        if (route.exact() && !isExactly(request.getHttpURI().getPath(), route.prefix())) {
            closeIfBodyUnread(request, response);
            HttpExchange exchange = exchange(request, uri, new byte[0]);
            HttpExchanges.handle(exchange, HttpExchanges::notFound);
            write(exchange, response, callback);
            return;
        }
        long declaredLength = request.getLength();
        if (declaredLength > maxBodyBytes) {
            response.getHeaders().put(CONNECTION_CLOSE);
            writeError(response, callback, 413, "Request body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        long remainingNanos = requestTimeoutNanos - (System.nanoTime() - request.getBeginNanoTime());
        AtomicBoolean answered = new AtomicBoolean();
        Scheduler.Task deadline = request.getComponents().getScheduler().schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                response.getHeaders().put(CONNECTION_CLOSE);
                writeError(response, callback, 408, "The request did not arrive within " + TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) + " ms");
            }
        }, Math.max(0, remainingNanos), TimeUnit.NANOSECONDS);
        Content.Source.asByteArrayAsync(request, maxBodyBytes).whenComplete((body, failure) -> {
            deadline.cancel();
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            if (failure != null) {
                if (Request.getContentBytesRead(request) > maxBodyBytes || failure instanceof IllegalArgumentException) {
                    response.getHeaders().put(CONNECTION_CLOSE);
                    writeError(response, callback, 413, "Request body is larger than " + maxBodyBytes + " bytes");
                }
                else {
                    // a malformed chunked body, or a client that went away mid-body: answer 400 and close;
                    // if nobody is left to read it, writing the answer fails quietly
                    log.debug("Request body of {} {} could not be read", request.getMethod(), request.getHttpURI(), failure);
                    response.getHeaders().put(CONNECTION_CLOSE);
                    writeError(response, callback, 400, "The request body could not be read: it ended early or its chunked encoding is malformed");
                }
                return;
            }
            HttpExchange exchange = exchange(request, uri, body);
            try {
                queryExecutor.execute(() -> {
                    HttpExchanges.handle(exchange, route.handler());
                    write(exchange, response, callback);
                });
            }
            catch (RejectedExecutionException e) {
                writeError(response, callback, 429, "Too many HTTP queries are running or waiting; retry later");
            }
        });
    }

    /**
     * These answers never read the request's body. Whether Jetty can skip an unread body and keep the
     * connection depends on how much of it has arrived, so a client could reuse a connection the server is
     * about to close and lose its next request; saying "close" makes it deterministic.
     */
    private static void closeIfBodyUnread(Request request, Response response)
    {
        HttpFields headers = request.getHeaders();
        boolean hasBody = headers.contains(HttpHeader.TRANSFER_ENCODING) || (headers.contains(HttpHeader.CONTENT_LENGTH) && request.getLength() != 0);
        if (hasBody) {
            response.getHeaders().put(CONNECTION_CLOSE);
        }
    }

    private static HttpExchange exchange(Request request, URI uri, byte[] body)
    {
        return new HttpExchange(request.getMethod(), uri, request.getHeaders().get(HttpHeader.CONTENT_TYPE), body,
                request.getHeaders().get(HttpHeader.AUTHORIZATION), clientAddress(request), clientCertificate(request));
    }

    /** The common name of the client's verified certificate (mTLS), if it sent one. */
    private static Optional<String> clientCertificate(Request request)
    {
        return request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl
                ? TlsMaterial.commonName(ssl.peerCertificates())
                : Optional.empty();
    }

    private static String clientAddress(Request request)
    {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    /** The handler, run only once the caller is authenticated (401 otherwise), with what it may do on the exchange. */
    private HttpExchanges.ExchangeHandler authenticated(HttpExchanges.ExchangeHandler handler)
    {
        requireNonNull(handler, "handler is null");
        return exchange -> {
            exchange.admitted(gateway.admit(exchange.authorization(), exchange.client(), exchange.clientCertificate(), FRONT_DOOR));
            handler.handle(exchange);
        };
    }

    /** The handler, for a caller with READ (GET) or WRITE (any other method) on {@code CONFIG CONFIG}. */
    private static HttpExchanges.ExchangeHandler configuration(HttpExchanges.ExchangeHandler handler)
    {
        return exchange -> {
            exchange.access().check(ResourceType.CONFIG, Access.CONFIG, exchange.getRequestMethod().equals("GET") ? Action.READ : Action.WRITE);
            handler.handle(exchange);
        };
    }

    /** As {@link #authenticated}, and a change that succeeded (any method but GET) goes into the audit. */
    private HttpExchanges.ExchangeHandler audited(HttpExchanges.ExchangeHandler handler)
    {
        return authenticated(exchange -> {
            handler.handle(exchange);
            if (!exchange.getRequestMethod().equals("GET") && exchange.status() < 400 && !exchange.getRequestURI().getPath().endsWith("/test")) {
                exchange.access().changed(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
            }
        });
    }

    private static void write(HttpExchange exchange, Response response, Callback callback)
    {
        response.setStatus(exchange.status());
        HttpFields.Mutable headers = response.getHeaders();
        exchange.getResponseHeaders().asMap().forEach(headers::put);
        headers.put(HttpHeader.CONTENT_TYPE, exchange.responseContentType());
        byte[] body = exchange.responseBody();
        if (exchange.status() != 204) {
            headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void writeError(Response response, Callback callback, int status, String message)
    {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(DruidErrorHandler.bytes(status, message)), callback);
    }

    private static boolean isExactly(String requested, String path)
    {
        return requested.equals(path) || requested.equals(path + "/");
    }

    /** The path itself or something below it, not a longer name that merely starts the same. */
    private static boolean isUnder(String requested, String path)
    {
        return requested.equals(path) || requested.startsWith(path + "/");
    }

    private record Route(String prefix, boolean exact, HttpExchanges.ExchangeHandler handler) {}
}
