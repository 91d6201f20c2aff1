package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The bounds of asynchronous queries: a query cancelled while it waits for a slot never runs, the
 * number of kept queries and the bytes of stored results are limited with clear answers, and a
 * stored result damaged on disk is reported after a restart, not served and not silently dropped.
 */
class AsyncQueriesLimitsTest
{
    private static final String ENDLESS = "SELECT COUNT(*) FROM slow a, slow b, slow c WHERE MOD(a.quantity * 7 + b.quantity * 13 + c.quantity, 1000003) = 17";

    @TempDir
    Path dataDir;

    private GroveNode start(Map<String, String> properties)
    {
        Map<String, String> all = new HashMap<>(properties);
        all.putIfAbsent("grove.log.fsync", "false");
        return GroveNode.start(ConfigLoader.fromProperties(all).withDataDir(dataDir).withPorts(0, 0));
    }

    private static void load(NodeClients clients)
    {
        clients.create(NodeClients.events("slow"));
        for (int batch = 0; batch < 3; batch++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                events.add("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"quantity\":" + (batch * 1000 + i) + "}");
            }
            clients.produce("slow", events);
        }
    }

    @Test
    void aQueryCancelledWhileWaitingForASlotNeverRuns()
            throws Exception
    {
        try (GroveNode node = start(Map.of("grove.query.maxConcurrent", "1", "grove.query.lanes", ""));
                NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            CompletableFuture<HttpResponse<String>> hog = CompletableFuture.supplyAsync(() -> clients.postSql(
                    "{\"query\":\"" + ENDLESS + "\",\"context\":{\"sqlQueryId\":\"hog\"}}"));
            // the slot is taken once a short query with a short timeout cannot get it
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (clients.postSql("{\"query\":\"SELECT 1\",\"context\":{\"timeout\":100}}").statusCode() == 200) {
                    Thread.sleep(20);
                }
            });
            String id = json(post(clients, Map.of("query", "SELECT COUNT(*) FROM slow", "parameters", List.of()))).get("query_id").asText();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (json(clients.get("/health")).get("queued_jobs").asInt() != 1) {
                    Thread.sleep(20);
                }
            });
            assertThat(json(clients.get("/v1/queries/" + id)).get("state").asText()).isEqualTo("QUEUED");
            assertThat(clients.post("/v1/queries/" + id + "/cancel", "application/json", "").statusCode()).isEqualTo(202);
            JsonNode canceled = json(clients.get("/v1/queries/" + id));
            assertThat(canceled.get("state").asText()).isEqualTo("CANCELED");
            assertThat(canceled.get("started_at").isNull()).isTrue();

            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (!hog.isDone()) {
                    clients.delete("/druid/v2/sql/hog");
                    Thread.sleep(50);
                }
            });
            // the slot is free again and the cancelled query stays cancelled
            assertThat(clients.count("SELECT COUNT(*) FROM slow")).isEqualTo(3000);
            assertThat(json(clients.get("/v1/queries/" + id)).get("state").asText()).isEqualTo("CANCELED");
            // a null parameter is a parameter like any other
            String nullParameter = json(post(clients, Map.of("query", "SELECT COUNT(*) AS n FROM slow WHERE status = ?",
                    "parameters", List.of(new HashMap<>(Map.of("type", "VARCHAR")))))).get("query_id").asText();
            JsonNode done = await(clients, nullParameter, state -> !state.equals("QUEUED") && !state.equals("RUNNING"));
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void keptQueriesAndStoredBytesAreBounded()
            throws Exception
    {
        try (GroveNode node = start(Map.of("grove.query.asyncMaxJobs", "2", "grove.query.asyncMaxStoredBytes", "10000"));
                NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            String big = json(post(clients, Map.of("query", "SELECT quantity FROM slow"))).get("query_id").asText();
            JsonNode failed = await(clients, big, state -> !state.equals("QUEUED") && !state.equals("RUNNING"));
            assertThat(failed.get("state").asText()).isEqualTo("FAILED");
            assertThat(failed.get("error").get("message").asText()).contains("grove.query.asyncMaxStoredBytes");
            assertThat(dataDir.resolve("queries").resolve(big + ".rows")).doesNotExist();

            String small = json(post(clients, Map.of("query", "SELECT COUNT(*) FROM slow"))).get("query_id").asText();
            await(clients, small, state -> state.equals("SUCCEEDED"));
            HttpResponse<String> full = post(clients, Map.of("query", "SELECT 1"));
            assertThat(full.statusCode()).isEqualTo(429);
            assertThat(json(full).get("errorMessage").asText()).startsWith("Too many asynchronous queries kept: 2 (grove.query.asyncMaxJobs)");
            // deleting one makes room
            assertThat(clients.delete("/v1/queries/" + big).statusCode()).isEqualTo(204);
            assertThat(post(clients, Map.of("query", "SELECT 1")).statusCode()).isEqualTo(202);
            assertThat(clients.get("/v1/queries").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aDamagedStoredResultIsReportedAfterARestart()
            throws Exception
    {
        String id;
        try (GroveNode node = start(Map.of()); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            id = json(post(clients, Map.of("query", "SELECT quantity FROM slow ORDER BY quantity"))).get("query_id").asText();
            await(clients, id, state -> state.equals("SUCCEEDED"));
        }
        Path rows = dataDir.resolve("queries").resolve(id + ".rows");
        Files.write(rows, Files.readAllBytes(rows), java.nio.file.StandardOpenOption.APPEND);
        try (GroveNode node = start(Map.of()); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            JsonNode status = json(clients.get("/v1/queries/" + id));
            assertThat(status.get("state").asText()).isEqualTo("FAILED");
            assertThat(status.get("error").get("message").asText()).isEqualTo("The stored result of query " + id + " is missing or damaged on disk; submit the query again");
            assertThat(clients.get("/v1/queries/" + id + "/results").statusCode()).isEqualTo(404);
        }
    }

    private static JsonNode await(NodeClients clients, String id, Predicate<String> state)
    {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            while (true) {
                JsonNode status = json(clients.get("/v1/queries/" + id));
                if (state.test(status.get("state").asText())) {
                    return status;
                }
                Thread.sleep(20);
            }
        });
    }

    private static HttpResponse<String> post(NodeClients clients, Map<String, Object> body)
            throws Exception
    {
        return clients.post("/v1/queries", "application/json", NodeClients.JSON.writeValueAsString(body));
    }

    private static JsonNode json(HttpResponse<String> response)
            throws Exception
    {
        return NodeClients.JSON.readTree(response.body());
    }
}
