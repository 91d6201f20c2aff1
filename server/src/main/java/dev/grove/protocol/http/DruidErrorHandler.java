package dev.grove.protocol.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Jetty's own errors in Druid's error JSON instead of HTML: a request Jetty cannot parse (400), a head
 * over the limit (431), and anything Jetty answers before or around Grove's handler. Stateless.
 */
final class DruidErrorHandler
        extends ErrorHandler
{
    private static final HttpField JSON_CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    @Override
    public boolean handle(Request request, Response response, Callback callback)
    {
        int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : 500;
        String message = request.getAttribute(ERROR_MESSAGE) instanceof String text ? text : HttpStatus.getMessage(status);
        response.setStatus(status);
        response.getHeaders().put(JSON_CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(bytes(status, message)), callback);
        return true;
    }

    /** What Jetty sends when it cannot even parse the request, so no handler runs. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields)
    {
        fields.put(JSON_CONTENT_TYPE);
        return ByteBuffer.wrap(bytes(status, reason == null ? HttpStatus.getMessage(status) : reason));
    }

    static byte[] bytes(int status, String message)
    {
        try {
            return HttpExchanges.JSON.writeValueAsBytes(DruidErrorJson.forStatus(status, message).body());
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an error as JSON", e);
        }
    }
}
