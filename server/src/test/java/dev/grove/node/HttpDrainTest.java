package dev.grove.node;

import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Shutting a node down drains HTTP: a request already in flight still gets its answer, a new one gets
 * 503 with Druid's error JSON.
 */
class HttpDrainTest
{
    @TempDir
    Path dataDir;

    @Test
    void inFlightRequestFinishesWhileNewRequestsGet503()
    {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0));
            int port = node.httpPort();
            String body = "{\"query\":\"SELECT 1\"}";
            Thread closer = new Thread(node::close, "test-node-close");
            try (Socket inFlight = new Socket("127.0.0.1", port)) {
                inFlight.setSoTimeout(20_000);
                OutputStream out = inFlight.getOutputStream();
                out.write(ascii("POST /druid/v2/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body.substring(0, 5)));
                out.flush();
                Thread.sleep(200);
                closer.start();
                String refused = "";
                for (int attempt = 0; attempt < 50 && !refused.startsWith("HTTP/1.1 503 "); attempt++) {
                    Thread.sleep(50);
                    refused = exchange(port, "GET /status/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                }
                assertThat(refused).startsWith("HTTP/1.1 503 ").contains("\"errorCode\":\"serviceUnavailable\"");

                out.write(ascii(body.substring(5)));
                out.flush();
                String answered = readUntil(inFlight.getInputStream(), "[{\"EXPR$0\":1}]");
                assertThat(answered).startsWith("HTTP/1.1 200 ");
            }
            finally {
                if (!closer.isAlive() && closer.getState() == Thread.State.NEW) {
                    node.close();
                }
                closer.join();
            }
        });
    }

    private static String exchange(int port, String request)
            throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(ascii(request));
            return readUntil(socket.getInputStream(), "}");
        }
    }

    private static String readUntil(InputStream in, String end)
            throws IOException
    {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int read;
        while (!received.toString(StandardCharsets.UTF_8).contains(end) && (read = in.read(buffer)) >= 0) {
            received.write(buffer, 0, read);
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
