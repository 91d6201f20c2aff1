package dev.grove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.client.BasicCredentials;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The CLI's HTTP calls to a node, turning Druid error JSON into one readable line.
 */
final class NodeHttp
{
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final Optional<String> authorization;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    NodeHttp(String base)
    {
        this(base, Optional.empty());
    }

    NodeHttp(String base, Optional<BasicCredentials> credentials)
    {
        this.base = base;
        this.authorization = credentials.map(BasicCredentials::headerValue);
    }

    /** A failed call: the message says what happened, ready to print. */
    static final class CallFailed
            extends Exception
    {
        CallFailed(String message)
        {
            super(message);
        }
    }

    /** A CLI action that talks to the node. */
    @FunctionalInterface
    interface Action
    {
        void run()
                throws CallFailed;
    }

    /** Runs {@code action}; a failed call is printed as one ERROR line. Returns the exit code. */
    static int printingFailures(Action action)
    {
        try {
            action.run();
            return 0;
        }
        catch (CallFailed e) {
            System.err.println("ERROR: " + e.getMessage());
            return 1;
        }
    }

    /** A successful answer: its HTTP status and JSON body (null when empty). */
    record Response(int status, JsonNode json) {}

    JsonNode send(String method, String path, Object body)
            throws CallFailed
    {
        return exchange(method, path, body).json();
    }

    Response exchange(String method, String path, Object body)
            throws CallFailed
    {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10));
            authorization.ifPresent(value -> request.header("Authorization", value));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            else {
                request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? null : JSON.readTree(response.body());
            NodeStarting.failIfStarting(base, response.statusCode(), json);
            if (response.statusCode() >= 400) {
                String message = json != null && json.has("errorMessage") ? json.get("errorMessage").asText() : "HTTP " + response.statusCode();
                throw new CallFailed(response.statusCode() == 401 && authorization.isEmpty() ? message + NodeCredentials.hint() : message);
            }
            return new Response(response.statusCode(), json);
        }
        catch (ConnectException e) {
            throw new CallFailed(NodeAddress.unreachable("HTTP", base, "--http-port"));
        }
        catch (IOException e) {
            if (GrpcPortProbe.answersHttp2Only(URI.create(base))) {
                throw new CallFailed(GrpcPortProbe.message(URI.create(base)));
            }
            throw new CallFailed("Request to " + base + " failed: " + e.getMessage());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed("Interrupted");
        }
    }
}
