package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.cli.GroveCli;
import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeStartupTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void oneNodePerDataDirectory()
    {
        try (GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(first).withPorts(0, 0))) {
            assertThatThrownBy(() -> GroveNode.start(GroveConfig.defaults().withDataDir(first).withPorts(0, 0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another Grove node");
        }
        // the lock is released on close
        GroveNode.start(GroveConfig.defaults().withDataDir(first).withPorts(0, 0)).close();
    }

    @Test
    void failedStartReleasesWhatItOpened()
            throws Exception
    {
        int grpcPort = freePort();
        // an existing node's data directory: the failed start must keep it, and release lock and ports
        GroveNode.start(GroveConfig.defaults().withDataDir(second).withPorts(0, 0)).close();
        try (ServerSocket taken = new ServerSocket(0)) {
            GroveConfig config = GroveConfig.defaults().withDataDir(second).withPorts(taken.getLocalPort(), grpcPort);
            assertThatThrownBy(() -> GroveNode.start(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("HTTP port " + taken.getLocalPort() + " on 127.0.0.1 is in use by another process; stop it or pass --http-port");
        }
        assertThat(second.resolve("metadata.db")).exists();
        // same directory and gRPC port: both were released by the failed start
        try (GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(second).withPorts(0, grpcPort))) {
            assertThat(node.grpcPort()).isEqualTo(grpcPort);
        }
    }

    @Test
    void grpcPortInUseIsNamedWithItsFlagAndLeavesNoNewDataDirectoryBehind()
            throws IOException
    {
        Path dataDir = first.resolve("fresh");
        try (ServerSocket taken = new ServerSocket(0)) {
            GroveConfig config = GroveConfig.defaults().withDataDir(dataDir).withPorts(0, taken.getLocalPort());
            assertThatThrownBy(() -> GroveNode.start(config))
                    .hasMessage("gRPC port " + taken.getLocalPort() + " on 127.0.0.1 is in use by another process; stop it or pass --grpc-port");
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void failedFirstStartInAnEmptyDirectoryLeavesItEmpty()
            throws IOException
    {
        Path dataDir = Files.createDirectory(first.resolve("empty"));
        try (ServerSocket taken = new ServerSocket(0)) {
            GroveConfig config = GroveConfig.defaults().withDataDir(dataDir).withPorts(taken.getLocalPort(), 0);
            assertThatThrownBy(() -> GroveNode.start(config)).hasMessageContaining("is in use by another process; stop it or pass --http-port");
        }
        assertThat(dataDir).isEmptyDirectory();
    }

    @Test
    void whileRecoveringHttpAnswersWithProgressAndTheCliSaysTheNodeIsStarting()
            throws Exception
    {
        GroveConfig config = GroveConfig.defaults().withDataDir(first).withPorts(0, 0);
        try (GroveNode node = GroveNode.start(config)) {
            for (String name : new String[] {"alpha", "beta"}) {
                HttpResponse<String> created = post(node.httpPort(), "/grove/v1/datasources",
                        "{\"name\":\"" + name + "\",\"timestampSpec\":{\"column\":\"ts\",\"format\":\"millis\"},\"dimensions\":[\"page\"],\"metrics\":[]}");
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }
        }

        CompletableFuture<Integer> recovering = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<GroveNode> started = CompletableFuture.supplyAsync(() -> GroveNode.start(config, (node, datasource) -> {
            if (datasource.equals("alpha")) {
                recovering.complete(node.httpPort());
                await(release);
            }
        }));
        try {
            int port = recovering.get(60, TimeUnit.SECONDS);

            HttpResponse<String> health = get(port, "/status/health");
            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(health.body());
            assertThat(body.get("status").asText()).isEqualTo("RECOVERING");
            assertThat(body.get("progress").asDouble()).isBetween(0.0, 1.0);
            assertThat(body.get("message").asText()).isEqualTo("recovering datasource 'alpha' (1 of 2)");

            assertThat(get(port, "/druid/broker/v1/readiness").statusCode()).isEqualTo(503);
            assertThat(get(port, "/status").statusCode()).as("liveness and version").isEqualTo(200);

            HttpResponse<String> sql = post(port, "/druid/v2/sql", "{\"query\":\"SELECT 1\"}");
            assertThat(sql.statusCode()).isEqualTo(503);
            JsonNode error = JSON.readTree(sql.body());
            assertThat(error.get("errorMessage").asText()).isEqualTo("the node is starting: recovering (0%); retry shortly");
            assertThat(error.get("category").asText()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(get(port, "/druid/v2/datasources").statusCode()).isEqualTo(503);

            String cliError = cliStandardError("sql", "--http-port", String.valueOf(port), "SELECT 1");
            assertThat(cliError).contains("The node at http://127.0.0.1:" + port + " is starting: recovering (0%); try again in a moment")
                    .doesNotContain("Cannot reach");
        }
        finally {
            release.countDown();
        }
        try (GroveNode node = started.get(60, TimeUnit.SECONDS)) {
            HttpResponse<String> health = get(node.httpPort(), "/status/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("true");
            assertThat(get(node.httpPort(), "/druid/broker/v1/readiness").statusCode()).isEqualTo(200);
            assertThat(post(node.httpPort(), "/druid/v2/sql", "{\"query\":\"SELECT COUNT(*) AS n FROM beta\"}").body()).isEqualTo("[{\"n\":0}]\n");
        }
    }

    @Test
    void nativeQueriesGetAClearUnsupportedError()
            throws Exception
    {
        try (GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(first).withPorts(0, 0))) {
            for (String path : new String[] {"/druid/v2", "/druid/v2/"}) {
                HttpResponse<String> response = post(node.httpPort(), path, "{\"queryType\":\"timeseries\",\"dataSource\":\"orders\"}");
                assertThat(response.statusCode()).as(path).isEqualTo(501);
                JsonNode error = JSON.readTree(response.body());
                assertThat(error.get("errorCode").asText()).isEqualTo("unsupported");
                assertThat(error.get("category").asText()).isEqualTo("UNSUPPORTED");
                assertThat(error.get("errorMessage").asText()).isEqualTo("Native JSON queries are not supported yet; send Druid SQL to /druid/v2/sql");
            }
        }
    }

    private static void await(CountDownLatch latch)
    {
        try {
            latch.await(60, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort()
            throws IOException
    {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static HttpResponse<String> get(int port, String path)
            throws IOException, InterruptedException
    {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String json)
            throws IOException, InterruptedException
    {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static synchronized String cliStandardError(String... arguments)
    {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            new CommandLine(new GroveCli()).execute(arguments);
        }
        finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
