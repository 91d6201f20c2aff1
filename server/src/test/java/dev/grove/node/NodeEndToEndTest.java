package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.config.GroveConfig;
import dev.grove.proto.ingest.v1.ProduceResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real node on ephemeral loopback ports, driven over real gRPC and HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeEndToEndTest
{
    @TempDir
    static Path dataDir;

    private GroveNode node;
    private NodeClients clients;

    @BeforeAll
    void startNode()
    {
        node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0));
        clients = new NodeClients(node.grpcPort(), node.httpPort());
        clients.create(NodeClients.events("orders"));
        String now = Instant.now().toString();
        ProduceResponse response = clients.produce("orders", List.of(
                "{\"timestamp\":\"" + now + "\",\"customerName\":\"Ada Lovelace\",\"status\":\"COMPLETED\",\"quantity\":2,\"amount\":20.5}",
                "{\"timestamp\":\"" + now + "\",\"customerName\":\"Alan Turing\",\"status\":\"COMPLETED\",\"quantity\":1,\"amount\":9.5}",
                "{\"timestamp\":\"" + now + "\",\"customerName\":\"Ada Lovelace\",\"status\":\"FAILED\",\"quantity\":3,\"amount\":30.0}"));
        assertThat(response.getCount()).isEqualTo(3);
        assertThat(response.getErrorsList()).isEmpty();
    }

    @AfterAll
    void stopNode()
            throws InterruptedException
    {
        clients.close();
        node.close();
    }

    @Test
    void countOverHttpAnswersLikeDruid()
    {
        HttpResponse<String> response = clients.postSql("{\"query\":\"SELECT COUNT(*) FROM orders\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[{\"EXPR$0\":3}]\n");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-Druid-SQL-Query-Id")).isPresent();
    }

    @Test
    void groupByOverHttpArrayWithHeaders()
            throws IOException
    {
        HttpResponse<String> response = clients.postSql("""
                {"query": "SELECT customerName, COUNT(*) AS orders, SUM(amount) AS revenue FROM orders WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '24' HOUR GROUP BY 1 ORDER BY 3 DESC",
                 "resultFormat": "array", "header": true, "typesHeader": true, "sqlTypesHeader": true}
                """);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode rows = NodeClients.JSON.readTree(response.body());
        assertThat(rows.get(0).toString()).isEqualTo("[\"customerName\",\"orders\",\"revenue\"]");
        assertThat(rows.get(1).toString()).isEqualTo("[\"STRING\",\"LONG\",\"DOUBLE\"]");
        assertThat(rows.get(2).toString()).isEqualTo("[\"VARCHAR\",\"BIGINT\",\"DOUBLE\"]");
        assertThat(rows.get(3).toString()).isEqualTo("[\"Ada Lovelace\",2,50.5]");
        assertThat(rows.get(4).toString()).isEqualTo("[\"Alan Turing\",1,9.5]");
        assertThat(response.headers().firstValue("X-Druid-SQL-Header-Included")).hasValue("yes");
    }

    @Test
    void sameRowsOverGrpcQueryAndHolocronProxy()
    {
        QueryRequest request = QueryRequest.newBuilder()
                .setQuery("SELECT customerName, SUM(quantity) FROM orders GROUP BY customerName ORDER BY 1")
                .setResultFormat(QueryResultFormat.JSON_ARRAY)
                .build();
        QueryResponse direct = clients.query.submitQuery(request);
        assertThat(direct.getStatus()).isEqualTo(QueryStatus.OK);
        assertThat(direct.getData().toStringUtf8()).isEqualTo("[[\"Ada Lovelace\",5],[\"Alan Turing\",1]]\n");
        assertThat(direct.getColumnsList()).extracting(column -> column.getName() + ":" + column.getSqlType() + ":" + column.getDruidType())
                .containsExactly("customerName:VARCHAR:STRING", "EXPR$1:BIGINT:LONG");
        QueryResponse proxied = clients.holocron.proxy(request);
        QueryResponse laneOne = clients.holocron.laneOneProxy(request);
        assertThat(proxied.getData()).isEqualTo(direct.getData());
        assertThat(laneOne.getData()).isEqualTo(direct.getData());
        assertThat(proxied.getColumnsList()).isEqualTo(direct.getColumnsList());
    }

    @Test
    void grpcCsvFormat()
    {
        QueryResponse response = clients.query.submitQuery(QueryRequest.newBuilder()
                .setQuery("SELECT customerName, status FROM orders WHERE quantity = 2")
                .setResultFormat(QueryResultFormat.CSV)
                .build());
        assertThat(response.getStatus()).isEqualTo(QueryStatus.OK);
        assertThat(response.getData().toStringUtf8()).isEqualTo("Ada Lovelace,COMPLETED\n\n");
    }

    @Test
    void timestampsAreIsoStringsAndTimeFloorBuckets()
            throws IOException
    {
        HttpResponse<String> response = clients.postSql("{\"query\":\"SELECT TIME_FLOOR(__time, 'PT1M') AS bucket, COUNT(*) AS n FROM orders GROUP BY 1\",\"resultFormat\":\"array\"}");
        JsonNode rows = NodeClients.JSON.readTree(response.body());
        assertThat(rows.get(0).get(0).asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:00\\.000Z");
        assertThat(rows.get(0).get(1).asLong()).isEqualTo(3);
    }

    @Test
    void timeFloorFollowsDruidPeriods()
            throws IOException
    {
        clients.create(NodeClients.events("calendar"));
        clients.produce("calendar", List.of("{\"timestamp\":\"2026-11-26T10:07:42.900Z\",\"customerName\":\"x\"}"));
        Map<String, String> expected = Map.of(
                "PT1M", "2026-11-26T10:07:00.000Z",
                "PT5M", "2026-11-26T10:05:00.000Z",
                "PT0.750S", "2026-11-26T10:07:42.750Z",
                "P1D", "2026-11-26T00:00:00.000Z",
                "P1W", "2026-11-23T00:00:00.000Z",
                "P1M", "2026-11-01T00:00:00.000Z",
                "P3M", "2026-10-01T00:00:00.000Z",
                "P1Y", "2026-01-01T00:00:00.000Z");
        for (Map.Entry<String, String> period : expected.entrySet()) {
            HttpResponse<String> response = clients.postSql("{\"query\":\"SELECT TIME_FLOOR(__time, '" + period.getKey() + "') FROM calendar\",\"resultFormat\":\"array\"}");
            assertThat(NodeClients.JSON.readTree(response.body()).get(0).get(0).asText()).as(period.getKey()).isEqualTo(period.getValue());
        }
        HttpResponse<String> truncated = clients.postSql("{\"query\":\"SELECT DATE_TRUNC('month', __time), POSITION('x' IN customerName) FROM calendar\",\"resultFormat\":\"array\"}");
        assertThat(truncated.body()).isEqualTo("[[\"2026-11-01T00:00:00.000Z\",1]]\n");
        HttpResponse<String> week = clients.postSql("{\"query\":\"SELECT FLOOR(__time TO WEEK) FROM calendar\",\"resultFormat\":\"array\"}");
        assertThat(week.body()).isEqualTo("[[\"2026-11-23T00:00:00.000Z\"]]\n");
    }

    @Test
    void malformedRecordsAreReportedByIndexAndTheRestLand()
            throws IOException
    {
        clients.create(NodeClients.events("bad_input"));
        String now = Instant.now().toString();
        ProduceResponse response = clients.produce("bad_input", List.of(
                "{\"timestamp\":\"" + now + "\",\"customerName\":\"ok\",\"quantity\":1}",
                "{not json",
                "{\"customerName\":\"no time\"}",
                "{\"timestamp\":\"" + now + "\",\"quantity\":\"many\"}",
                "[1,2,3]",
                "{\"timestamp\":\"" + now + "\",\"customerName\":\"also ok\",\"amount\":\"2.5\"}"));
        assertThat(response.getCount()).isEqualTo(2);
        assertThat(response.getBaseOffset()).isEqualTo(0);
        assertThat(response.getErrorsList()).extracting(error -> error.getIndex()).containsExactly(1, 2, 3, 4);
        assertThat(response.getErrors(0).getMessage()).contains("not valid JSON");
        assertThat(response.getErrors(1).getMessage()).contains("missing timestamp field 'timestamp'");
        assertThat(response.getErrors(2).getMessage()).contains("field 'quantity' expects LONG");
        assertThat(response.getErrors(3).getMessage()).contains("not a JSON object");
        assertThat(clients.count("SELECT COUNT(*) FROM bad_input")).isEqualTo(2);
    }

    @Test
    void unknownDatasourceIsNotFound()
    {
        assertThatThrownBy(() -> clients.produce("nope", List.of("{}")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("'nope' does not exist");
                });
    }

    @Test
    void sqlSyntaxErrorIsHttp400WithDruidErrorJson()
            throws IOException
    {
        HttpResponse<String> response = clients.postSql("{\"query\":\"SELECT FROM orders\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = NodeClients.JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("druidException");
        assertThat(error.get("errorCode").asText()).isEqualTo("invalidInput");
        assertThat(error.get("persona").asText()).isEqualTo("USER");
        assertThat(error.get("category").asText()).isEqualTo("INVALID_INPUT");
        assertThat(error.get("errorMessage").asText()).contains("line 1, column 8");
        assertThat(error.get("context").get("sourceType").asText()).isEqualTo("sql");
        List<String> keys = new ArrayList<>();
        error.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("error", "errorCode", "persona", "category", "errorMessage", "context");
    }

    @Test
    void sqlSyntaxErrorIsInvalidSqlOverGrpc()
    {
        QueryResponse response = clients.query.submitQuery(QueryRequest.newBuilder()
                .setQuery("SELECT FROM orders").setResultFormat(QueryResultFormat.JSON_ARRAY).build());
        assertThat(response.getStatus()).isEqualTo(QueryStatus.INVALID_SQL);
        assertThat(response.getErrorMessage()).contains("line 1, column 8");
    }

    @Test
    void filesAndTableFunctionsAreRefused()
            throws IOException
    {
        for (String sql : List.of(
                "SELECT * FROM TABLE(read_csv('/etc/passwd'))",
                "SELECT * FROM \\\"/etc/passwd\\\"",
                "SELECT read_text('/etc/passwd') FROM orders")) {
            HttpResponse<String> response = clients.postSql("{\"query\":\"" + sql + "\"}");
            assertThat(response.statusCode()).as(sql).isIn(400, 403);
            assertThat(NodeClients.JSON.readTree(response.body()).get("error").asText()).isEqualTo("druidException");
        }
        QueryResponse response = clients.holocron.proxy(QueryRequest.newBuilder()
                .setQuery("SELECT * FROM TABLE(read_parquet('/tmp/x.parquet'))").setResultFormat(QueryResultFormat.JSON_ARRAY).build());
        assertThat(response.getStatus()).isEqualTo(QueryStatus.INVALID_SQL);
    }

    @Test
    void unsupportedGrpcFormatIsRequestError()
    {
        QueryResponse response = clients.query.submitQuery(QueryRequest.newBuilder().setQuery("SELECT 1").build());
        assertThat(response.getStatus()).isEqualTo(QueryStatus.REQUEST_ERROR);
        assertThat(response.getErrorMessage()).isEqualTo("Unsupported query result format: UNKNOWN_FORMAT");
    }

    @Test
    void healthServicesAnswerServing()
    {
        var grpcHealth = io.grpc.health.v1.HealthGrpc.newBlockingStub(clients.channel);
        assertThat(grpcHealth.check(io.grpc.health.v1.HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        var druidHealth = org.apache.druid.grpc.proto.HealthGrpc.newBlockingStub(clients.channel);
        for (String service : List.of("", "QueryService")) {
            assertThat(druidHealth.check(org.apache.druid.grpc.proto.HealthOuterClass.HealthCheckRequest.newBuilder().setService(service).build()).getStatus())
                    .isEqualTo(org.apache.druid.grpc.proto.HealthOuterClass.HealthCheckResponse.ServingStatus.SERVING);
        }
        assertThat(druidHealth.check(org.apache.druid.grpc.proto.HealthOuterClass.HealthCheckRequest.newBuilder().setService("nope").build()).getStatus())
                .isEqualTo(org.apache.druid.grpc.proto.HealthOuterClass.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN);
    }

    @Test
    void statusEndpoints()
    {
        assertThat(clients.get("/status/health").body()).isEqualTo("true");
        assertThat(clients.get("/status/selfDiscovered").body()).isEqualTo("{\"selfDiscovered\":true}");
        assertThat(clients.get("/druid/broker/v1/readiness").statusCode()).isEqualTo(200);
        assertThat(clients.get("/nope").statusCode()).isEqualTo(404);
        assertThat(clients.get("/druid/v2/sql").statusCode()).isEqualTo(405);
        assertThat(clients.get("/status").body()).contains("\"version\"").contains("\"memory\"");
        assertThat(clients.get("/druid/v2/datasources").body()).contains("\"orders\"");
        assertThat(clients.get("/druid/v2/datasources/orders").body())
                .isEqualTo("{\"dimensions\":[\"customerName\",\"status\"],\"metrics\":[\"quantity\",\"amount\"]}");
    }
}
