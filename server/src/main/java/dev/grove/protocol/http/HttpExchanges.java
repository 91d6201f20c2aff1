package dev.grove.protocol.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Reading requests and writing responses on the JDK HTTP server, with Druid's error JSON for every failure.
 */
final class HttpExchanges
{
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(HttpExchanges.class);

    private HttpExchanges() {}

    /** Reads the body, refusing more than {@code limit} bytes. */
    static byte[] readBody(HttpExchange exchange, int limit)
            throws IOException
    {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (body.size() + read > limit) {
                    throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Request body is larger than " + limit + " bytes");
                }
                body.write(buffer, 0, read);
            }
            return body.toByteArray();
        }
    }

    /** The media type of the first Content-Type header, lower-cased, without parameters; empty if none. */
    static String mediaType(HttpExchange exchange)
    {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static void sendJson(HttpExchange exchange, int status, Object body)
            throws IOException
    {
        byte[] bytes = JSON.writeValueAsBytes(body);
        send(exchange, status, "application/json", bytes);
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void sendError(HttpExchange exchange, DruidErrorJson.HttpError error)
            throws IOException
    {
        sendJson(exchange, error.status(), error.body());
    }

    /** Runs a handler body, answering any failure with Druid's error JSON; never lets an exception escape. */
    static void handle(HttpExchange exchange, ExchangeHandler handler)
    {
        try (exchange) {
            try {
                handler.handle(exchange);
            }
            catch (GroveException e) {
                sendError(exchange, DruidErrorJson.of(e));
            }
            catch (IllegalArgumentException e) {
                sendError(exchange, DruidErrorJson.of(400, "invalidInput", "INVALID_INPUT", e.getMessage()));
            }
            catch (RuntimeException e) {
                log.error("Unexpected error answering {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                sendError(exchange, DruidErrorJson.of(500, "runtimeFailure", "RUNTIME_FAILURE", "Internal error; see the node's log"));
            }
        }
        catch (IOException e) {
            log.debug("Client went away during {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    static void methodNotAllowed(HttpExchange exchange, String allowed)
            throws IOException
    {
        exchange.getResponseHeaders().set("Allow", allowed);
        sendError(exchange, DruidErrorJson.of(405, "invalidInput", "INVALID_INPUT",
                "Method " + exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestURI().getPath() + "; use " + allowed));
    }

    static void notFound(HttpExchange exchange)
            throws IOException
    {
        sendError(exchange, DruidErrorJson.of(404, "notFound", "NOT_FOUND", "No resource at " + exchange.getRequestURI().getPath()));
    }

    @FunctionalInterface
    interface ExchangeHandler
    {
        void handle(HttpExchange exchange)
                throws IOException;
    }
}
