package dev.grove.protocol.grpc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * grpc-java logs a failed connection through {@code java.util.logging}, which logback.xml does not reach,
 * as a 25-line "Transport failed" stack trace at INFO. The common cause is harmless: an HTTP/1.1 client
 * (curl, a browser, {@code grove sql} given the gRPC port) on the HTTP/2-only gRPC port. This filter turns
 * that case into one short line through SLF4J, and lets every other record through. Thread-safe: stateless.
 */
final class TransportFailureLog
        implements Filter
{
    /** Where grpc-netty logs connection failures (its class name plus {@code .connections}). */
    static final String TRANSPORT_LOGGER = "io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport.connections";
    private static final String HTTP1_REQUEST = "Unexpected HTTP/1.x request";
    private static final Logger log = LoggerFactory.getLogger(GroveGrpcServer.class);

    /** JUL keeps loggers weakly: holding it here keeps the filter installed. */
    private static final java.util.logging.Logger TRANSPORT = java.util.logging.Logger.getLogger(TRANSPORT_LOGGER);

    private TransportFailureLog() {}

    static void install()
    {
        if (!(TRANSPORT.getFilter() instanceof TransportFailureLog)) {
            TRANSPORT.setFilter(new TransportFailureLog());
        }
    }

    @Override
    public boolean isLoggable(LogRecord record)
    {
        Throwable thrown = record.getThrown();
        String message = thrown == null ? null : thrown.getMessage();
        if (message == null || !message.startsWith(HTTP1_REQUEST)) {
            return true;
        }
        log.info("Refused an HTTP/1.x request on the gRPC port ({}); HTTP clients belong on the HTTP port", message.strip());
        return false;
    }
}
