package dev.grove.cli;

import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Ctrl-C on a running {@code grove produce}: it still prints what landed and the line to resume from.
 * Runs the CLI as its own process and sends it SIGINT, as a terminal would.
 */
class ProduceInterruptTest
{
    @TempDir
    Path dataDir;

    @Test
    void ctrlCPrintsTheSummaryAndTheResumeLine()
            throws Exception
    {
        try (GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + node.httpPort();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/grove/v1/datasources"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"events\",\"timestampSpec\":{\"column\":\"ts\",\"format\":\"millis\"},\"dimensions\":[\"k\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Process produce = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp", classpath,
                    "dev.grove.cli.GroveCli", "produce", "events", "--grpc-port", String.valueOf(node.grpcPort()), "--batch-size", "100"))
                    .redirectErrorStream(true)
                    .start();
            try {
                // stdin stays open, as when someone types or a pipe is slow: the command waits for more lines
                OutputStream stdin = produce.getOutputStream();
                StringBuilder lines = new StringBuilder();
                for (int i = 1; i <= 500; i++) {
                    lines.append("{\"ts\":").append(i).append(",\"k\":\"v").append(i).append("\"}\n");
                }
                stdin.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                    while (count(http, base) < 500) {
                        Thread.sleep(50);
                    }
                });
                new ProcessBuilder("kill", "-INT", String.valueOf(produce.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
                assertThat(produce.waitFor(30, TimeUnit.SECONDS)).as("produce exits on Ctrl-C").isTrue();
                String output = new String(produce.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(output)
                        .contains("500 events acknowledged into events")
                        .contains("Interrupted")
                        .contains("Resume with --from-line 501");
                assertThat(produce.exitValue()).isNotZero();
            }
            finally {
                produce.destroyForcibly();
            }
        }
    }

    private static long count(HttpClient http, String base)
            throws IOException, InterruptedException
    {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/druid/v2/sql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"SELECT COUNT(*) FROM events\",\"resultFormat\":\"array\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return Long.parseLong(body.replaceAll("[^0-9]", ""));
    }
}
