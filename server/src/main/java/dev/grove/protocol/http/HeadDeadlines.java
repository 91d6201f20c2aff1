package dev.grove.protocol.http;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Cuts off connections whose request head has been arriving for longer than the request timeout.
 * Jetty's idle timeout only notices silence, so a client sending one header byte a second would hold
 * its connection forever; Grove's handler enforces the deadline on the body, this enforces it on the
 * head. Every sweep looks at each connection's parser: one that is part way through a head is noted
 * with the time it was first seen so; one still in that same head a request timeout later gets 408
 * and is closed.
 * Confined to Jetty's scheduler: each sweep schedules the next, so sweeps never overlap.
 */
final class HeadDeadlines
{
    private static final Logger log = LoggerFactory.getLogger(HeadDeadlines.class);

    private final ServerConnector connector;
    private final Scheduler scheduler;
    private final long timeoutNanos;
    private final long sweepMillis;
    /** Connections part way through a head at the last sweep: the head's message number and when it was first seen. */
    private Map<HttpConnection, Head> heads = new HashMap<>();
    private volatile boolean stopped;

    HeadDeadlines(ServerConnector connector, long timeoutMillis)
    {
        this.connector = requireNonNull(connector, "connector is null");
        this.scheduler = requireNonNull(connector.getScheduler(), "scheduler is null");
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.sweepMillis = Math.max(50, Math.min(1_000, timeoutMillis / 4));
    }

    void start()
    {
        scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
    }

    void stop()
    {
        stopped = true;
    }

    private void sweep()
    {
        if (stopped) {
            return;
        }
        try {
            long now = System.nanoTime();
            Map<HttpConnection, Head> seen = new HashMap<>();
            for (EndPoint connected : connector.getConnectedEndPoints()) {
                // with TLS the HTTP connection sits on the decrypted end point, and the 408 is written there
                EndPoint endPoint = connected.getConnection() instanceof SslConnection ssl ? ssl.getSslEndPoint() : connected;
                if (!(endPoint.getConnection() instanceof HttpConnection connection)) {
                    continue;
                }
                // read from another thread than the parser's: a stale value only moves a cut-off by one sweep
                if (connection.getParser().isStart() || !connection.getParser().inHeaderState()) {
                    continue;
                }
                Head head = heads.get(connection);
                if (head == null || head.message() != connection.getMessagesIn()) {
                    head = new Head(connection.getMessagesIn(), now);
                }
                if (now - head.since() > timeoutNanos) {
                    timeOut(endPoint);
                }
                else {
                    seen.put(connection, head);
                }
            }
            heads = seen;
        }
        catch (RuntimeException e) {
            log.warn("Checking HTTP request deadlines failed", e);
        }
        finally {
            if (!stopped) {
                scheduler.schedule(this::sweep, sweepMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void timeOut(EndPoint endPoint)
    {
        byte[] body = DruidErrorHandler.bytes(408, "The request head did not arrive within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        ByteBuffer bytes = ByteBuffer.allocate(head.length() + body.length);
        bytes.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
        try {
            endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close()), bytes);
        }
        catch (RuntimeException e) {
            endPoint.close();
        }
    }

    private record Head(long message, long since) {}
}
