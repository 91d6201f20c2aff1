package dev.grove.protocol.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.error.InternalErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Reading requests and writing responses for the handlers, with Druid's error JSON for every failure.
 */
final class HttpExchanges
{
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(HttpExchanges.class);

    private HttpExchanges() {}

    /** The body, already read by the server; more than {@code limit} bytes is answered with 413. */
    static byte[] readBody(HttpExchange exchange, int limit)
            throws IOException
    {
        byte[] body = exchange.requestBody();
        if (body.length > limit) {
            throw new BodyTooLarge(limit);
        }
        return body;
    }

    /** The media type of the Content-Type header, lower-cased, without parameters; empty if none. */
    static String mediaType(HttpExchange exchange)
    {
        String contentType = exchange.requestContentType();
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static void sendJson(HttpExchange exchange, int status, Object body)
            throws IOException
    {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body)
    {
        exchange.respond(status, contentType, body);
    }

    static void sendError(HttpExchange exchange, DruidErrorJson.HttpError error)
            throws IOException
    {
        sendJson(exchange, error.status(), error.body());
    }

    /** Runs a handler body, answering any failure with Druid's error JSON; never lets an exception escape. */
    static void handle(HttpExchange exchange, ExchangeHandler handler)
    {
        try {
            answer(exchange, handler);
        }
        catch (IOException e) {
            // only JSON serialisation of a response writes here, so this is a bug, not a client going away
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange exchange, ExchangeHandler handler)
            throws IOException
    {
        try {
            handler.handle(exchange);
        }
        catch (GroveException e) {
            if (e.code() == GroveErrorCode.UNAUTHENTICATED) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Grove\", charset=\"UTF-8\"");
            }
            sendError(exchange, DruidErrorJson.of(e));
        }
        catch (BodyTooLarge e) {
            sendError(exchange, DruidErrorJson.forStatus(413, e.getMessage()));
        }
        catch (IllegalArgumentException e) {
            sendError(exchange, DruidErrorJson.of(400, "invalidInput", "INVALID_INPUT", e.getMessage()));
        }
        catch (IOException | RuntimeException | Error e) {
            // Grove's own fault, even an Error such as a class that failed to load: the client still gets an answer, with an id to find in the log
            sendError(exchange, DruidErrorJson.of(InternalErrors.internal(GroveErrorCode.INTERNAL_ERROR,
                    "answering " + exchange.getRequestMethod() + " " + exchange.getRequestURI(), e)));
        }
        if (!exchange.responded()) {
            log.error("No answer to {} {}", exchange.getRequestMethod(), exchange.getRequestURI());
            sendError(exchange, DruidErrorJson.of(500, "runtimeFailure", "RUNTIME_FAILURE", "Internal error; see the node's log"));
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

    /** A body over a handler's own limit: 413, like a body over the server's. */
    static final class BodyTooLarge
            extends RuntimeException
    {
        BodyTooLarge(long limit)
        {
            super("Request body is larger than " + limit + " bytes", null, false, false);
        }
    }
}
