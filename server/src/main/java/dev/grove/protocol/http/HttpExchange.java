package dev.grove.protocol.http;

import dev.grove.gateway.Access;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One request with its body already read, and the response a handler gives it. The handlers only
 * see this, never the server's own types, so the server underneath can change without touching them.
 * Not thread safe: confined to the thread running the handler.
 */
final class HttpExchange
{
    private final String method;
    private final URI uri;
    private final String contentType;
    private final byte[] body;
    private final String authorization;
    private final String client;
    private final Optional<String> clientCertificate;
    private final Headers responseHeaders = new Headers();
    private Access access;
    private int status;
    private String responseContentType;
    private byte[] responseBody;

    HttpExchange(String method, URI uri, String contentType, byte[] body)
    {
        this(method, uri, contentType, body, null, "unknown", Optional.empty());
    }

    HttpExchange(String method, URI uri, String contentType, byte[] body, String authorization, String client, Optional<String> clientCertificate)
    {
        this.method = requireNonNull(method, "method is null");
        this.uri = requireNonNull(uri, "uri is null");
        this.contentType = contentType;
        this.body = requireNonNull(body, "body is null");
        this.authorization = authorization;
        this.client = requireNonNull(client, "client is null");
        this.clientCertificate = requireNonNull(clientCertificate, "clientCertificate is null");
    }

    /** The Authorization header, if the request has one. */
    Optional<String> authorization()
    {
        return Optional.ofNullable(authorization);
    }

    /** The client's address, for rate limiting failed logins. */
    String client()
    {
        return client;
    }

    /** The common name of the client's verified TLS certificate, if it sent one. */
    Optional<String> clientCertificate()
    {
        return clientCertificate;
    }

    void admitted(Access access)
    {
        this.access = requireNonNull(access, "access is null");
    }

    /** What the authenticated caller may do; only handlers behind authentication ask. */
    Access access()
    {
        if (access == null) {
            throw new IllegalStateException("The request was not authenticated before its handler ran");
        }
        return access;
    }

    String getRequestMethod()
    {
        return method;
    }

    URI getRequestURI()
    {
        return uri;
    }

    /** The request's Content-Type header, or null if it has none. */
    String requestContentType()
    {
        return contentType;
    }

    byte[] requestBody()
    {
        return body;
    }

    Headers getResponseHeaders()
    {
        return responseHeaders;
    }

    void respond(int status, String contentType, byte[] body)
    {
        this.status = status;
        this.responseContentType = requireNonNull(contentType, "contentType is null");
        this.responseBody = requireNonNull(body, "body is null");
    }

    boolean responded()
    {
        return responseBody != null;
    }

    int status()
    {
        return status;
    }

    String responseContentType()
    {
        return responseContentType;
    }

    byte[] responseBody()
    {
        return responseBody;
    }

    /** Response headers set by a handler, in the order set; setting a name again replaces its value. */
    static final class Headers
    {
        private final Map<String, String> values = new LinkedHashMap<>();

        void set(String name, String value)
        {
            values.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
        }

        Map<String, String> asMap()
        {
            return values;
        }
    }
}
