package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A running query can be cancelled by its sqlQueryId, as in Druid, and a shutdown answers the
 * queries it cannot wait for instead of dropping their connections.
 */
class QueryLifecycleTest
{
    /** A three-way self join no optimizer can shortcut (no equi-join, no prunable range): 2.7e10 combinations, so it runs until cancelled. */
    private static final String ENDLESS = "SELECT COUNT(*) FROM slow a, slow b, slow c WHERE MOD(a.quantity * 7 + b.quantity * 13 + c.quantity, 1000003) = 17";

    @TempDir
    Path dataDir;

    private GroveNode start(Map<String, String> properties)
    {
        GroveConfig config = ConfigLoader.fromProperties(properties).withDataDir(dataDir).withPorts(0, 0);
        return GroveNode.start(config);
    }

    private static void load(NodeClients clients)
    {
        clients.create(NodeClients.events("slow"));
        for (int batch = 0; batch < 3; batch++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                events.add("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"quantity\":" + (batch * 1000 + i) + "}");
            }
            assertThat(clients.produce("slow", events).getCount()).isEqualTo(1000);
        }
    }

    private static CompletableFuture<HttpResponse<String>> startEndless(NodeClients clients, String queryId)
    {
        String body = "{\"query\":\"" + ENDLESS + "\",\"context\":{\"sqlQueryId\":\"" + queryId + "\"}}";
        return CompletableFuture.supplyAsync(() -> clients.postSql(body));
    }

    @Test
    void deleteCancelsARunningQueryByItsId()
            throws Exception
    {
        try (GroveNode node = start(Map.of()); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            assertThat(clients.delete("/druid/v2/sql/nobody").statusCode()).isEqualTo(404);
            assertThat(clients.get("/druid/v2/sql/nobody").statusCode()).isEqualTo(405);

            CompletableFuture<HttpResponse<String>> running = startEndless(clients, "endless-1");
            int cancelStatus = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                // it is registered as soon as planning starts; until then DELETE finds nothing
                while (true) {
                    int status = clients.delete("/druid/v2/sql/endless-1").statusCode();
                    if (status != 404 || running.isDone()) {
                        return status;
                    }
                    Thread.sleep(20);
                }
            });
            assertThat(cancelStatus).isEqualTo(202);
            HttpResponse<String> cancelled = running.get(20, TimeUnit.SECONDS);
            JsonNode error = NodeClients.JSON.readTree(cancelled.body());
            assertThat(cancelled.statusCode()).isEqualTo(500);
            assertThat(error.get("category").asText()).isEqualTo("CANCELED");
            assertThat(error.get("errorMessage").asText()).isEqualTo("Query [endless-1] was cancelled");
            assertThat(clients.count("SELECT COUNT(*) FROM slow")).isEqualTo(3000);
        }
    }

    @Test
    void theTimeoutStopsARunningQueryWithDruidsTimeoutError()
            throws Exception
    {
        try (GroveNode node = start(Map.of()); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            HttpResponse<String> response = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> clients.postSql("{\"query\":\"" + ENDLESS + "\",\"context\":{\"timeout\":300}}"));
            assertThat(response.statusCode()).isEqualTo(504);
            JsonNode error = NodeClients.JSON.readTree(response.body());
            assertThat(error.get("category").asText()).isEqualTo("TIMEOUT");
            assertThat(error.get("errorMessage").asText()).contains("timeout of 300 ms");
        }
    }

    @Test
    void aFullQueryPoolAnswers429AndResultsAreBoundedInBytes()
            throws Exception
    {
        Map<String, String> properties = Map.of("grove.http.threads", "1", "grove.http.maxQueuedRequests", "1", "grove.query.maxResultBytes", "20000");
        try (GroveNode node = start(properties); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            HttpResponse<String> tooLarge = clients.postSql("{\"query\":\"SELECT * FROM slow\"}");
            assertThat(tooLarge.statusCode()).isEqualTo(400);
            assertThat(NodeClients.JSON.readTree(tooLarge.body()).get("errorMessage").asText()).contains("grove.query.maxResultBytes");

            // one thread and one queue place: of three long queries one runs, one waits and one is refused
            List<CompletableFuture<HttpResponse<String>>> endless = List.of(startEndless(clients, "busy"), startEndless(clients, "busy"),
                    startEndless(clients, "busy"));
            HttpResponse<String> refused = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> (HttpResponse<String>) CompletableFuture.anyOf(endless.toArray(CompletableFuture[]::new)).get());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(NodeClients.JSON.readTree(refused.body()).get("category").asText()).isEqualTo("CAPACITY_EXCEEDED");
            assertThat(clients.get("/status/health").statusCode()).isEqualTo(200);
            cancelUntilDone(clients, "busy", endless);
            assertThat(clients.postSql("{\"query\":\"SELECT 1\"}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void queriesOverEveryProtocolShareTheBoundedSlots()
            throws Exception
    {
        try (GroveNode node = start(Map.of("grove.query.maxConcurrent", "1", "grove.query.maxQueued", "0"));
                NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            // one slot and no waiting: of two long queries one runs and the other is refused at once
            List<CompletableFuture<HttpResponse<String>>> endless = List.of(startEndless(clients, "slot"), startEndless(clients, "slot"));
            HttpResponse<String> refused = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> (HttpResponse<String>) CompletableFuture.anyOf(endless.toArray(CompletableFuture[]::new)).get());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
            assertThat(NodeClients.JSON.readTree(refused.body()).get("errorMessage").asText()).startsWith("Too many queries: 1 are running and 0 waiting");
            QueryResponse overGrpc = clients.query.submitQuery(QueryRequest.newBuilder().setQuery("SELECT 1").setResultFormat(QueryResultFormat.JSON_ARRAY).build());
            assertThat(overGrpc.getStatus()).isEqualTo(QueryStatus.RUNTIME_ERROR);
            assertThat(overGrpc.getErrorMessage()).startsWith("Too many queries");
            cancelUntilDone(clients, "slot", endless);
            assertThat(clients.postSql("{\"query\":\"SELECT 1\"}").statusCode()).isEqualTo(200);
        }
    }

    /** Cancels the queries with this id until all of them have answered; the refused one answered at once. */
    private static void cancelUntilDone(NodeClients clients, String queryId, List<CompletableFuture<HttpResponse<String>>> queries)
    {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            while (!queries.stream().allMatch(CompletableFuture::isDone)) {
                clients.delete("/druid/v2/sql/" + queryId);
                Thread.sleep(50);
            }
        });
        assertThat(queries).allSatisfy(query -> assertThat(query.join().statusCode()).isIn(429, 500));
    }

    @Test
    void sigtermAnswersTheQueriesItCannotWaitForAndLogsThem()
            throws Exception
    {
        try (NodeProcess node = NodeProcess.start(dataDir, Map.of("GROVE_SHUTDOWN_GRACE_MS", "3000"));
                NodeClients clients = new NodeClients(node.grpcPort, node.httpPort)) {
            load(clients);
            CompletableFuture<HttpResponse<String>> running = startEndless(clients, "endless-sigterm");
            Thread.sleep(500);
            assertThat(running).isNotDone();
            assertThat(node.terminate()).isNotEqualTo(137);
            HttpResponse<String> answered = running.get(10, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(503);
            assertThat(NodeClients.JSON.readTree(answered.body()).get("errorMessage").asText()).startsWith("Query cancelled: the node is shutting down");
            assertThat(node.output())
                    .contains("Cancelled 1 queries still running")
                    .contains("endless-sigterm")
                    .contains("Shut down; 1 queries were cancelled")
                    .doesNotContain("Shut down cleanly");
        }
    }

    @Test
    void shutdownAnswersTheQueriesItCannotWaitFor()
            throws Exception
    {
        GroveNode node = start(Map.of("grove.shutdown.graceMs", "3000"));
        try (NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            CompletableFuture<HttpResponse<String>> running = startEndless(clients, "endless-2");
            Thread.sleep(500);
            assertThat(running).isNotDone();
            assertTimeoutPreemptively(Duration.ofSeconds(20), node::close);
            HttpResponse<String> answered = running.get(10, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(503);
            assertThat(NodeClients.JSON.readTree(answered.body()).get("errorMessage").asText())
                    .startsWith("Query cancelled: the node is shutting down");
        }
        finally {
            node.close();
        }
    }
}
