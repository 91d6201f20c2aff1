package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Druid's query laning: with the default lane full of analyst queries (every shared slot running, the
 * waiting line full), Holocron's {@code LaneOneProxy} and queries with context {@code lane: one} still
 * answer at once from lane one's reserved slot.
 */
class QueryLanesTest
{
    private static final String ENDLESS = "SELECT COUNT(*) FROM slow a, slow b, slow c WHERE MOD(a.quantity * 7 + b.quantity * 13 + c.quantity, 1000003) = 17";

    @TempDir
    Path dataDir;

    @Test
    void laneOneAnswersWhileTheDefaultLaneIsSaturated()
            throws Exception
    {
        GroveConfig config = ConfigLoader.fromProperties(Map.of("grove.query.maxConcurrent", "1", "grove.query.maxQueued", "1", "grove.query.lanes", "one:1"))
                .withDataDir(dataDir).withPorts(0, 0);
        try (GroveNode node = GroveNode.start(config); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.create(NodeClients.events("slow"));
            for (int batch = 0; batch < 3; batch++) {
                List<String> events = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    events.add("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"quantity\":" + (batch * 1000 + i) + "}");
                }
                clients.produce("slow", events);
            }
            String body = "{\"query\":\"" + ENDLESS + "\",\"context\":{\"sqlQueryId\":\"analyst\"}}";
            List<CompletableFuture<HttpResponse<String>>> analysts = List.of(
                    CompletableFuture.supplyAsync(() -> clients.postSql(body)), CompletableFuture.supplyAsync(() -> clients.postSql(body)));

            // the default lane is saturated once a short query there is refused: one analyst runs, one waits, the line is full
            QueryResponse refused = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (true) {
                    QueryResponse response = clients.holocron.proxy(request("SELECT 1", Map.of("timeout", "200")));
                    if (response.getStatus() != QueryStatus.OK) {
                        return response;
                    }
                    Thread.sleep(20);
                }
            });
            assertThat(refused.getStatus()).isEqualTo(QueryStatus.RUNTIME_ERROR);
            assertThat(refused.getErrorMessage()).containsAnyOf("Too many queries", "did not get a slot");

            for (int i = 0; i < 5; i++) {
                QueryResponse dashboard = clients.holocron.laneOneProxy(request("SELECT COUNT(*) AS n FROM slow", Map.of()));
                assertThat(dashboard.getStatus()).as(dashboard.getErrorMessage()).isEqualTo(QueryStatus.OK);
                assertThat(dashboard.getData().toStringUtf8()).isEqualTo("[[3000]]\n");
            }
            // LaneOneProxy runs in lane one whatever the context says
            assertThat(clients.holocron.laneOneProxy(request("SELECT 2", Map.of("lane", "nope"))).getStatus()).isEqualTo(QueryStatus.OK);
            HttpResponse<String> overHttp = clients.postSql("{\"query\":\"SELECT 3 AS x\",\"context\":{\"lane\":\"one\",\"priority\":5}}");
            assertThat(overHttp.statusCode()).as(overHttp.body()).isEqualTo(200);
            assertThat(overHttp.body()).isEqualTo("[{\"x\":3}]\n");

            HttpResponse<String> unknown = clients.postSql("{\"query\":\"SELECT 1\",\"context\":{\"lane\":\"nope\"}}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            JsonNode error = NodeClients.JSON.readTree(unknown.body());
            assertThat(error.get("errorMessage").asText()).isEqualTo("Unknown query lane 'nope' in context 'lane'; the lanes are: one (grove.query.lanes)");
            HttpResponse<String> badPriority = clients.postSql("{\"query\":\"SELECT 1\",\"context\":{\"priority\":\"high\"}}");
            assertThat(badPriority.statusCode()).isEqualTo(400);
            assertThat(NodeClients.JSON.readTree(badPriority.body()).get("errorMessage").asText()).startsWith("Context 'priority' must be a whole number");

            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (!analysts.stream().allMatch(CompletableFuture::isDone)) {
                    clients.delete("/druid/v2/sql/analyst");
                    Thread.sleep(50);
                }
            });
            assertThat(clients.holocron.proxy(request("SELECT 1", Map.of())).getStatus()).isEqualTo(QueryStatus.OK);
        }
    }

    @Test
    void withoutLaneOneLaneOneProxyRunsInTheDefaultLane()
            throws Exception
    {
        GroveConfig config = ConfigLoader.fromProperties(Map.of("grove.query.lanes", "")).withDataDir(dataDir).withPorts(0, 0);
        try (GroveNode node = GroveNode.start(config); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            QueryResponse response = clients.holocron.laneOneProxy(request("SELECT 1 AS x", Map.of()));
            assertThat(response.getStatus()).as(response.getErrorMessage()).isEqualTo(QueryStatus.OK);
            assertThat(response.getData().toStringUtf8()).isEqualTo("[[1]]\n");
            HttpResponse<String> unknown = clients.postSql("{\"query\":\"SELECT 1\",\"context\":{\"lane\":\"one\"}}");
            assertThat(NodeClients.JSON.readTree(unknown.body()).get("errorMessage").asText())
                    .isEqualTo("Unknown query lane 'one' in context 'lane'; the lanes are: none besides the default (grove.query.lanes)");
        }
    }

    private static QueryRequest request(String sql, Map<String, String> context)
    {
        return QueryRequest.newBuilder().setQuery(sql).setResultFormat(QueryResultFormat.JSON_ARRAY).putAllContext(context).build();
    }
}
