package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Slow and broken HTTP clients against a real node on loopback: they must not stop health checks or
 * queries, and they are cut off after the configured timeouts with Druid's error JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientTest
{
    private static final int CONNECTIONS_OF_EACH_KIND = 32;
    private static final long IDLE_TIMEOUT_MILLIS = 3_000;
    private static final long REQUEST_TIMEOUT_MILLIS = 4_000;
    /** The first bytes of a TLS 1.2 ClientHello record, as a browser sends to an https:// URL. */
    private static final byte[] TLS_CLIENT_HELLO = {0x16, 0x03, 0x01, 0x00, (byte) 0xc8, 0x01, 0x00, 0x00, (byte) 0xc4, 0x03, 0x03};

    @TempDir
    static Path dataDir;

    private GroveNode node;
    private NodeClients clients;
    private ScheduledExecutorService dribbler;

    @BeforeAll
    void startNode()
    {
        GroveConfig defaults = GroveConfig.defaults();
        node = GroveNode.start(defaults.withDataDir(dataDir).withPorts(0, 0)
                .withHttp(defaults.http().withTimeouts(IDLE_TIMEOUT_MILLIS, REQUEST_TIMEOUT_MILLIS)));
        clients = new NodeClients(node.grpcPort(), node.httpPort());
        dribbler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    void stopNode()
            throws InterruptedException
    {
        dribbler.shutdownNow();
        clients.close();
        node.close();
    }

    @Test
    void slowClientsDoNotStopHealthOrQueriesAndAreCutOff()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            List<Socket> helloes = new ArrayList<>();
            List<Socket> partialHeads = new ArrayList<>();
            List<Socket> slowBodies = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS_OF_EACH_KIND; i++) {
                    helloes.add(open(TLS_CLIENT_HELLO));
                    partialHeads.add(open(ascii("GET /status/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")));
                    slowBodies.add(open(ascii("POST /druid/v2/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")));
                }
                // one more header byte a second and one more body byte every two: never idle long enough for the idle timeout
                dribbler.scheduleAtFixedRate(() -> dribble(partialHeads, "X"), 1, 1, TimeUnit.SECONDS);
                dribbler.scheduleAtFixedRate(() -> dribble(slowBodies, " "), 2, 2, TimeUnit.SECONDS);

                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> health = clients.get("/status/health");
                    assertThat(health.statusCode()).isEqualTo(200);
                    assertThat(health.body()).isEqualTo("true");
                    HttpResponse<String> query = clients.postSql("{\"query\":\"SELECT 1\"}");
                    assertThat(query.statusCode()).isEqualTo(200);
                    assertThat(query.body()).isEqualTo("[{\"EXPR$0\":1}]\n");
                    Thread.sleep(1_000);
                }

                for (Socket socket : helloes) {
                    assertDruidError(readUntilClosed(socket), 400);
                }
                for (Socket socket : partialHeads) {
                    assertDruidError(readUntilClosed(socket), 408);
                }
                for (Socket socket : slowBodies) {
                    assertDruidError(readUntilClosed(socket), 408);
                }
                assertThat(clients.get("/status/health").statusCode()).isEqualTo(200);
            }
            finally {
                closeAll(helloes);
                closeAll(partialHeads);
                closeAll(slowBodies);
            }
        });
    }

    @Test
    void silentPartialHeadIsClosedByTheIdleTimeout()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Socket socket = open(ascii("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n"))) {
                readUntilClosed(socket);
            }
        });
    }

    @Test
    void oversizedHeadIsRefusedWith431()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            String request = "GET /status/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(10_000) + "\r\n\r\n";
            try (Socket socket = open(ascii(request))) {
                assertDruidError(readUntilClosed(socket), 431);
            }
        });
    }

    @Test
    void oversizedBodyIsRefusedWith413()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            long tooLarge = GroveConfig.defaults().http().maxBodyBytes() + 1L;
            String request = "POST /druid/v2/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + tooLarge + "\r\n\r\n{";
            try (Socket socket = open(ascii(request))) {
                JsonNode error = assertDruidError(readUntilClosed(socket), 413);
                assertThat(error.get("errorMessage").asText()).contains("larger than");
            }
        });
    }

    @Test
    void malformedRequestLineIsRefusedWith400()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (Socket socket = open(ascii("THIS IS NOT HTTP\r\n\r\n"))) {
                assertDruidError(readUntilClosed(socket), 400);
            }
        });
    }

    private Socket open(byte[] firstBytes)
            throws IOException
    {
        Socket socket = new Socket("127.0.0.1", node.httpPort());
        socket.setSoTimeout((int) (IDLE_TIMEOUT_MILLIS + REQUEST_TIMEOUT_MILLIS + 10_000));
        socket.getOutputStream().write(firstBytes);
        socket.getOutputStream().flush();
        return socket;
    }

    private static void dribble(List<Socket> sockets, String oneByte)
    {
        for (Socket socket : sockets) {
            try {
                socket.getOutputStream().write(ascii(oneByte));
            }
            catch (IOException e) {
                // cut off by the server, as intended
            }
        }
    }

    /** Everything the server sends until it closes the connection; fails if it keeps it open past the socket timeout. */
    private static String readUntilClosed(Socket socket)
            throws IOException
    {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received.write(buffer, 0, read);
            }
        }
        catch (SocketTimeoutException e) {
            throw new AssertionError("The server kept a slow connection open; received so far: " + received.toString(StandardCharsets.UTF_8), e);
        }
        catch (IOException e) {
            // a reset after the response is a close too
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode assertDruidError(String response, int status)
            throws IOException
    {
        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        assertThat(response.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json");
        JsonNode error = NodeClients.JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(error.get("error").asText()).isEqualTo("druidException");
        assertThat(error.has("errorCode")).isTrue();
        assertThat(error.has("category")).isTrue();
        return error;
    }

    private static void closeAll(List<Socket> sockets)
    {
        for (Socket socket : sockets) {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // already closed by the server
            }
        }
    }

    private static byte[] ascii(String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
