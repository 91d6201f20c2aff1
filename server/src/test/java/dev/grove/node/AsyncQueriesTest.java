package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import dev.grove.proto.query.v1.CancelQueryRequest;
import dev.grove.proto.query.v1.DeleteQueryRequest;
import dev.grove.proto.query.v1.GetQueryRequest;
import dev.grove.proto.query.v1.GetResultsRequest;
import dev.grove.proto.query.v1.QueryJob;
import dev.grove.proto.query.v1.QueryLifecycleServiceGrpc;
import dev.grove.proto.query.v1.QueryResults;
import dev.grove.proto.query.v1.QueryState;
import dev.grove.proto.query.v1.SubmitQueryRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryParameter;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.StringArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Asynchronous queries over real HTTP: the seed's {@code /v1/queries} lifecycle (submit, status, pages
 * of results by token, cancel, delete, idempotent request ids, {@code GET /health}), Druid's
 * {@code /druid/v2/sql/statements}, results kept across a restart, and results expiring after the TTL.
 */
class AsyncQueriesTest
{
    private static final String ENDLESS = "SELECT COUNT(*) FROM slow a, slow b, slow c WHERE MOD(a.quantity * 7 + b.quantity * 13 + c.quantity, 1000003) = 17";
    private static final String ORDERED = "SELECT quantity, status, __time FROM slow ORDER BY quantity";

    @TempDir
    Path dataDir;

    private GroveNode start(Map<String, String> properties)
    {
        Map<String, String> all = new HashMap<>(properties);
        all.putIfAbsent("grove.log.fsync", "false");
        GroveConfig config = ConfigLoader.fromProperties(all).withDataDir(dataDir).withPorts(0, 0);
        return GroveNode.start(config);
    }

    private static void load(NodeClients clients)
    {
        clients.create(NodeClients.events("slow"));
        for (int batch = 0; batch < 3; batch++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                events.add("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"status\":\"s" + (i % 7) + "\",\"quantity\":" + (batch * 1000 + i) + "}");
            }
            clients.produce("slow", events);
        }
    }

    @Test
    void theLifecycleFromSubmitToDelete()
            throws Exception
    {
        try (GroveNode node = start(Map.of()); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            HttpResponse<String> submitted = post(clients, "/v1/queries", Map.of("query", ORDERED, "request_id", "dash-1"));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            JsonNode created = json(submitted);
            String id = created.get("query_id").asText();
            assertThat(id).startsWith("query-");
            assertThat(created.get("request_id").asText()).isEqualTo("dash-1");
            assertThat(created.get("state").asText()).isIn("QUEUED", "RUNNING", "SUCCEEDED");

            JsonNode done = awaitV1(clients, id, state -> state.equals("SUCCEEDED"));
            assertThat(done.get("row_count").asLong()).isEqualTo(3000);
            assertThat(done.get("columns").get(2).get("sql_type").asText()).isEqualTo("TIMESTAMP");
            assertThat(done.get("finished_at").isNull()).isFalse();

            // the same request id gives the same query, and does not run it again
            HttpResponse<String> again = post(clients, "/v1/queries", Map.of("query", ORDERED, "request_id", "dash-1"));
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(json(again).get("query_id").asText()).isEqualTo(id);
            HttpResponse<String> conflict = post(clients, "/v1/queries", Map.of("query", "SELECT 1", "request_id", "dash-1"));
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(json(conflict).get("errorMessage").asText()).contains("already used for query " + id);

            // every row once, in order, page by page
            List<Long> quantities = new ArrayList<>();
            String token = null;
            for (int page = 0; page < 10; page++) {
                HttpResponse<String> response = clients.get("/v1/queries/" + id + "/results?page_size=700" + (token == null ? "" : "&page_token=" + token));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode body = json(response);
                body.get("rows").forEach(row -> quantities.add(row.get(0).asLong()));
                assertThat(body.get("rows").get(0).get(2).asText()).isEqualTo("2026-01-01T00:00:00.000Z");
                token = body.get("next_page_token").isNull() ? null : body.get("next_page_token").asText();
                if (token == null) {
                    break;
                }
            }
            assertThat(token).isNull();
            assertThat(quantities).hasSize(3000);
            for (int i = 0; i < quantities.size(); i++) {
                assertThat(quantities.get(i)).isEqualTo(i);
            }

            HttpResponse<String> health = clients.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode numbers = json(health);
            assertThat(numbers.get("completed_jobs").asInt()).isEqualTo(1);
            assertThat(numbers.get("stored_jobs").asInt()).isEqualTo(1);
            assertThat(numbers.get("queued_jobs").asInt()).isZero();
            assertThat(numbers.get("running_jobs").asInt()).isZero();
            assertThat(numbers.get("query_result_ttl_seconds").asLong()).isEqualTo(600);
            Set<String> fields = new java.util.HashSet<>();
            numbers.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).contains("active_queries", "queued_jobs", "running_jobs", "completed_jobs", "stored_jobs", "cleaned_jobs", "query_result_ttl_seconds");

            // bad input
            assertThat(clients.get("/v1/queries/query-nobody").statusCode()).isEqualTo(404);
            assertThat(clients.get("/v1/queries/query-nobody/results").statusCode()).isEqualTo(404);
            assertThat(clients.get("/v1/queries/..%2F..%2Fmetadata.db").statusCode()).isIn(400, 404);
            HttpResponse<String> badToken = clients.get("/v1/queries/" + id + "/results?page_token=not-a-token");
            assertThat(badToken.statusCode()).isEqualTo(400);
            assertThat(json(badToken).get("errorMessage").asText()).startsWith("Invalid page_token for query " + id);
            String othersToken = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("query-other:1".getBytes());
            assertThat(clients.get("/v1/queries/" + id + "/results?page_token=" + othersToken).statusCode()).isEqualTo(400);
            assertThat(clients.get("/v1/queries/" + id + "/results?page_size=0").statusCode()).isEqualTo(400);
            assertThat(post(clients, "/v1/queries", Map.of("query", "SELECT 1", "context", Map.of("timeout", "soon"))).statusCode()).isEqualTo(400);
            assertThat(post(clients, "/v1/queries", Map.of("context", Map.of())).statusCode()).isEqualTo(400);
            assertThat(clients.post("/v1/queries", "application/json", "{not json").statusCode()).isEqualTo(400);

            // a query with bad SQL is accepted, then FAILS with the SQL error
            String failing = json(post(clients, "/v1/queries", Map.of("query", "SELECT nope FROM slow"))).get("query_id").asText();
            JsonNode failed = awaitV1(clients, failing, state -> state.equals("FAILED"));
            assertThat(failed.get("error").get("category").asText()).isEqualTo("INVALID_INPUT");
            assertThat(clients.get("/v1/queries/" + failing + "/results").statusCode()).isEqualTo(404);

            assertThat(clients.delete("/v1/queries/" + id).statusCode()).isEqualTo(204);
            assertThat(clients.get("/v1/queries/" + id).statusCode()).isEqualTo(404);
            assertThat(clients.delete("/v1/queries/" + id).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void cancelStopsARunningQuery()
            throws Exception
    {
        try (GroveNode node = start(Map.of()); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            String id = json(post(clients, "/v1/queries", Map.of("query", ENDLESS))).get("query_id").asText();
            awaitV1(clients, id, state -> state.equals("RUNNING"));
            HttpResponse<String> results = clients.get("/v1/queries/" + id + "/results");
            assertThat(results.statusCode()).isEqualTo(400);
            assertThat(json(results).get("errorMessage").asText()).isEqualTo("Query " + id + " is RUNNING; its results can be read once its state is SUCCEEDED");
            assertThat(json(clients.get("/health")).get("running_jobs").asInt()).isEqualTo(1);

            HttpResponse<String> cancel = clients.post("/v1/queries/" + id + "/cancel", "application/json", "");
            assertThat(cancel.statusCode()).isEqualTo(202);
            JsonNode canceled = awaitV1(clients, id, state -> !state.equals("RUNNING"));
            assertThat(canceled.get("state").asText()).isEqualTo("CANCELED");
            assertThat(clients.get("/v1/queries/" + id + "/results").statusCode()).isEqualTo(404);
            // cancelling a finished query changes nothing
            assertThat(clients.post("/v1/queries/" + id + "/cancel", "application/json", "").statusCode()).isEqualTo(200);
            assertThat(clients.count("SELECT COUNT(*) FROM slow")).isEqualTo(3000);
        }
    }

    @Test
    void druidsStatementsApi()
            throws Exception
    {
        try (GroveNode node = start(Map.of()); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            HttpResponse<String> submitted = post(clients, "/druid/v2/sql/statements", Map.of("query", ORDERED, "context", Map.of("executionMode", "ASYNC")));
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
            JsonNode accepted = json(submitted);
            List<String> keys = new ArrayList<>();
            accepted.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("queryId", "state", "createdAt", "schema", "durationMs");
            String id = accepted.get("queryId").asText();

            JsonNode done = awaitStatement(clients, id, state -> state.equals("SUCCESS"));
            assertThat(done.get("schema").get(0).toString()).isEqualTo("{\"name\":\"quantity\",\"type\":\"BIGINT\",\"nativeType\":\"LONG\"}");
            assertThat(done.get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
            JsonNode result = done.get("result");
            assertThat(result.get("numTotalRows").asLong()).isEqualTo(3000);
            assertThat(result.get("dataSource").asText()).isEqualTo("__query_select");
            assertThat(result.get("pages").toString()).startsWith("[{\"id\":0,\"numRows\":3000,\"sizeInBytes\":");
            assertThat(result.get("pages").get(0).get("sizeInBytes").asLong()).isEqualTo(result.get("totalSizeInBytes").asLong());

            // the stored result reads back byte for byte as the synchronous API writes it, in every format
            for (String format : List.of("object", "array", "objectLines", "arrayLines", "csv")) {
                HttpResponse<String> paged = clients.get("/druid/v2/sql/statements/" + id + "/results?page=0&resultFormat=" + format);
                HttpResponse<String> direct = post(clients, "/druid/v2/sql", Map.of("query", ORDERED, "resultFormat", format));
                assertThat(paged.statusCode()).isEqualTo(200);
                assertThat(paged.body()).as(format).isEqualTo(direct.body());
                assertThat(paged.headers().firstValue("Content-Type")).isEqualTo(direct.headers().firstValue("Content-Type"));
            }
            HttpResponse<String> all = clients.get("/druid/v2/sql/statements/" + id + "/results?filename=out.json");
            assertThat(all.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=out.json");
            assertThat(NodeClients.JSON.readTree(all.body())).hasSize(3000);
            assertThat(clients.get("/druid/v2/sql/statements/" + id + "/results?page=1").statusCode()).isEqualTo(400);
            assertThat(clients.get("/druid/v2/sql/statements/" + id + "/results?page=x").statusCode()).isEqualTo(400);
            assertThat(clients.get("/druid/v2/sql/statements/" + id + "/results?resultFormat=xml").statusCode()).isEqualTo(400);
            assertThat(clients.get("/druid/v2/sql/statements/" + id + "/results?filename=a/b").statusCode()).isEqualTo(400);
            assertThat(clients.delete("/druid/v2/sql/statements/" + id).statusCode()).isEqualTo(200);
            assertThat(clients.get("/druid/v2/sql/statements/query-unknown").statusCode()).isEqualTo(404);
            assertThat(clients.delete("/druid/v2/sql/statements/query-unknown").statusCode()).isEqualTo(404);

            // a failing query reports Druid's error JSON in errorDetails
            String bad = json(post(clients, "/druid/v2/sql/statements", Map.of("query", "SELECT nope FROM slow"))).get("queryId").asText();
            JsonNode failed = awaitStatement(clients, bad, state -> state.equals("FAILED"));
            assertThat(failed.get("errorDetails").get("error").asText()).isEqualTo("druidException");
            assertThat(failed.get("errorDetails").get("category").asText()).isEqualTo("INVALID_INPUT");
            assertThat(clients.get("/druid/v2/sql/statements/" + bad + "/results").statusCode()).isEqualTo(404);

            // cancel mid-query: DELETE answers 202, the state turns CANCELED
            String endless = json(post(clients, "/druid/v2/sql/statements", Map.of("query", ENDLESS))).get("queryId").asText();
            awaitStatement(clients, endless, state -> state.equals("RUNNING"));
            assertThat(clients.get("/druid/v2/sql/statements/" + endless + "/results").statusCode()).isEqualTo(400);
            assertThat(clients.delete("/druid/v2/sql/statements/" + endless).statusCode()).isEqualTo(202);
            assertThat(awaitStatement(clients, endless, state -> !state.equals("RUNNING")).get("state").asText()).isEqualTo("CANCELED");
        }
    }

    @Test
    void storedResultsSurviveARestartAndExpireAfterTheTtl()
            throws Exception
    {
        String id;
        String expected;
        String interrupted;
        GroveNode first = start(Map.of("grove.shutdown.graceMs", "2000"));
        try (NodeClients clients = new NodeClients(first.grpcPort(), first.httpPort())) {
            load(clients);
            id = json(post(clients, "/v1/queries", Map.of("query", ORDERED, "request_id", "before-restart"))).get("query_id").asText();
            awaitV1(clients, id, state -> state.equals("SUCCEEDED"));
            expected = clients.get("/v1/queries/" + id + "/results?page_size=5000").body();
            interrupted = json(post(clients, "/v1/queries", Map.of("query", ENDLESS))).get("query_id").asText();
            awaitV1(clients, interrupted, state -> state.equals("RUNNING"));
        }
        finally {
            first.close();
        }
        try (GroveNode second = start(Map.of()); NodeClients clients = new NodeClients(second.grpcPort(), second.httpPort())) {
            JsonNode status = json(clients.get("/v1/queries/" + id));
            assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(clients.get("/v1/queries/" + id + "/results?page_size=5000").body()).isEqualTo(expected);
            // the request id is remembered too
            assertThat(json(post(clients, "/v1/queries", Map.of("query", ORDERED, "request_id", "before-restart"))).get("query_id").asText()).isEqualTo(id);
            // the query the shutdown cut off is reported, not lost
            JsonNode cutOff = json(clients.get("/v1/queries/" + interrupted));
            assertThat(cutOff.get("state").asText()).isEqualTo("FAILED");
            assertThat(cutOff.get("error").get("message").asText()).containsAnyOf("shutting down", "restarted");
        }
        // a node with a TTL shorter than the result's age reports it expired, on start and from then on
        try (GroveNode third = start(Map.of("grove.query.resultTtlMs", "1", "grove.query.cleanupIntervalMs", "50"));
                NodeClients clients = new NodeClients(third.grpcPort(), third.httpPort())) {
            JsonNode status = json(clients.get("/v1/queries/" + id));
            assertThat(status.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(status.get("results_expired").asBoolean()).isTrue();
            HttpResponse<String> results = clients.get("/v1/queries/" + id + "/results");
            assertThat(results.statusCode()).isEqualTo(404);
            assertThat(json(results).get("errorMessage").asText()).startsWith("The results of query " + id + " expired at ");
            assertThat(dataDir.resolve("queries").resolve(id + ".rows")).doesNotExist();

            // a new query finishes, then expires on the cleaner's next pass; the cleaned count says so
            String fresh = json(post(clients, "/v1/queries", Map.of("query", "SELECT COUNT(*) FROM slow"))).get("query_id").asText();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                while (!json(clients.get("/v1/queries/" + fresh)).get("results_expired").asBoolean()) {
                    Thread.sleep(20);
                }
            });
            assertThat(json(clients.get("/health")).get("cleaned_jobs").asLong()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void theLifecycleOverGrpc()
            throws Exception
    {
        try (GroveNode node = start(Map.of()); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            load(clients);
            QueryLifecycleServiceGrpc.QueryLifecycleServiceBlockingStub lifecycle = QueryLifecycleServiceGrpc.newBlockingStub(clients.channel)
                    .withDeadlineAfter(60, TimeUnit.SECONDS);
            SubmitQueryRequest submit = SubmitQueryRequest.newBuilder()
                    .setQuery("SELECT quantity FROM slow WHERE quantity < ? ORDER BY quantity")
                    .addParameters(QueryParameter.newBuilder().setLongValue(2500))
                    .setRequestId("grpc-1")
                    .build();
            QueryJob job = lifecycle.submit(submit);
            assertThat(job.getCreated()).isTrue();
            assertThat(lifecycle.submit(submit).getCreated()).isFalse();
            assertThat(lifecycle.submit(submit).getQueryId()).isEqualTo(job.getQueryId());
            QueryJob done = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                while (true) {
                    QueryJob current = lifecycle.get(GetQueryRequest.newBuilder().setQueryId(job.getQueryId()).build());
                    if (current.getState() == QueryState.SUCCEEDED) {
                        return current;
                    }
                    Thread.sleep(20);
                }
            });
            assertThat(done.getRowCount()).isEqualTo(2500);
            assertThat(done.getColumns(0).getSqlType()).isEqualTo("BIGINT");
            // the same query over HTTP
            assertThat(json(clients.get("/v1/queries/" + job.getQueryId())).get("state").asText()).isEqualTo("SUCCEEDED");

            StringBuilder lines = new StringBuilder();
            String token = "";
            int pages = 0;
            do {
                QueryResults page = lifecycle.getResults(GetResultsRequest.newBuilder().setQueryId(job.getQueryId()).setPageToken(token).setPageSize(1000)
                        .setResultFormat(QueryResultFormat.CSV).build());
                lines.append(page.getData().toStringUtf8().strip()).append('\n');
                token = page.getNextPageToken();
                pages++;
            }
            while (!token.isEmpty() && pages < 10);
            assertThat(pages).isEqualTo(3);
            assertThat(lines.toString().lines().toList()).hasSize(2500).startsWith("0", "1", "2").endsWith("2499");

            assertThat(code(() -> lifecycle.get(GetQueryRequest.newBuilder().setQueryId("query-nobody").build()))).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(code(() -> lifecycle.getResults(GetResultsRequest.newBuilder().setQueryId(job.getQueryId()).setPageToken("bad").build())))
                    .isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(code(() -> lifecycle.getResults(GetResultsRequest.newBuilder().setQueryId(job.getQueryId()).setPageSize(20_000).build())))
                    .isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(code(() -> lifecycle.getResults(GetResultsRequest.newBuilder().setQueryId(job.getQueryId())
                    .setResultFormat(QueryResultFormat.PROTOBUF_RESPONSE).build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(code(() -> lifecycle.submit(SubmitQueryRequest.newBuilder().setQuery("SELECT ?")
                    .addParameters(QueryParameter.newBuilder().setArrayValue(StringArray.newBuilder().addValue("x"))).build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(code(() -> lifecycle.submit(SubmitQueryRequest.newBuilder().setQuery(" ").build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);

            QueryJob endless = lifecycle.submit(SubmitQueryRequest.newBuilder().setQuery(ENDLESS).build());
            awaitV1(clients, endless.getQueryId(), state -> state.equals("RUNNING"));
            assertThat(code(() -> lifecycle.getResults(GetResultsRequest.newBuilder().setQueryId(endless.getQueryId()).build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
            lifecycle.cancel(CancelQueryRequest.newBuilder().setQueryId(endless.getQueryId()).build());
            assertThat(awaitV1(clients, endless.getQueryId(), state -> !state.equals("RUNNING")).get("state").asText()).isEqualTo("CANCELED");
            lifecycle.delete(DeleteQueryRequest.newBuilder().setQueryId(endless.getQueryId()).build());
            assertThat(code(() -> lifecycle.get(GetQueryRequest.newBuilder().setQueryId(endless.getQueryId()).build()))).isEqualTo(Status.Code.NOT_FOUND);
        }
    }

    private static Status.Code code(Runnable call)
    {
        try {
            call.run();
        }
        catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        throw new AssertionError("the call succeeded");
    }

    private static JsonNode awaitV1(NodeClients clients, String id, Predicate<String> state)
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

    private static JsonNode awaitStatement(NodeClients clients, String id, Predicate<String> state)
    {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            while (true) {
                JsonNode status = json(clients.get("/druid/v2/sql/statements/" + id));
                if (state.test(status.get("state").asText())) {
                    return status;
                }
                Thread.sleep(20);
            }
        });
    }

    private static HttpResponse<String> post(NodeClients clients, String path, Map<String, Object> body)
            throws Exception
    {
        return clients.post(path, "application/json", NodeClients.JSON.writeValueAsString(body));
    }

    private static JsonNode json(HttpResponse<String> response)
            throws Exception
    {
        return NodeClients.JSON.readTree(response.body());
    }
}
