package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grove.config.GroveConfig;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryParameter;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hardening findings, against a real node over HTTP {@code /druid/v2/sql} and gRPC
 * {@code druidGrpc.Query/SubmitQuery}: limits, failures that always get an answer, DuckDB errors in
 * Grove's words, timestamps as Druid prints them, strict parameters and literals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class SqlHardeningEndToEndTest
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
        clients.produce("orders", List.of("{\"timestamp\":\"" + Instant.now() + "\",\"customerName\":\"Ada\",\"status\":\"OK\",\"quantity\":2,\"amount\":20.5}"));
    }

    @AfterAll
    void stopNode()
            throws InterruptedException
    {
        clients.close();
        node.close();
    }

    @Test
    void oversizedAndOvercomplexQueriesAreInvalidInput()
            throws IOException
    {
        String tooLong = "SELECT 1 " + " ".repeat(262_144);
        String orChain = "SELECT COUNT(*) FROM orders WHERE " + IntStream.range(0, 1001).mapToObj(i -> "quantity = " + i).collect(Collectors.joining(" OR "));
        String inList = "SELECT COUNT(*) FROM orders WHERE quantity IN (" + IntStream.range(0, 10_001).mapToObj(Integer::toString).collect(Collectors.joining(",")) + ")";
        String nested = "SELECT " + "(".repeat(101) + "1" + ")".repeat(101);
        String wide = "SELECT " + "1,".repeat(2000) + "1";
        for (String sql : List.of(tooLong, orChain, inList, nested, wide)) {
            JsonNode error = assertHttpError(sql, Map.of(), List.of(), 400);
            assertThat(error.get("category").asText()).isEqualTo("INVALID_INPUT");
            assertThat(error.get("errorMessage").asText()).containsPattern("grove\\.query\\.max");
            assertThat(grpc(sql, List.of(), Map.of()).getStatus()).isEqualTo(QueryStatus.INVALID_SQL);
        }
        assertThat(assertHttpError(nested, Map.of(), List.of(), 400).get("errorMessage").asText()).contains("too deeply nested");
    }

    @Test
    void nestingThatOverflowsCalcitesStackIsTooDeeplyNested()
            throws IOException
    {
        // CASE nests without parentheses, so only the parser's own recursion limits it
        String sql = "SELECT " + "CASE WHEN quantity = 1 THEN ".repeat(400) + "1" + " END".repeat(400) + " FROM orders";
        JsonNode error = assertHttpError(sql, Map.of(), List.of(), 400);
        assertThat(error.get("errorMessage").asText()).contains("too deeply nested");
    }

    @Test
    void valuesWorkAndAsofJoinIsRefusedWithAnAnswer()
            throws IOException
    {
        HttpResponse<String> values = post("SELECT * FROM (VALUES (1), (2)) t(x)", Map.of(), List.of());
        assertThat(values.statusCode()).as(values.body()).isEqualTo(200);
        assertThat(values.body()).isEqualTo("[{\"x\":1},{\"x\":2}]\n");
        String asof = "SELECT * FROM orders a ASOF JOIN orders b MATCH_CONDITION a.__time >= b.__time ON a.status = b.status";
        JsonNode error = assertHttpError(asof, Map.of(), List.of(), 501);
        assertThat(error.get("errorMessage").asText()).contains("ASOF JOIN is not supported");
        assertThat(grpc(asof, List.of(), Map.of()).getStatus()).isEqualTo(QueryStatus.INVALID_SQL);
    }

    @Test
    void userMistakesDuckDbDetectsAreInvalidInputInGrovesWords()
            throws IOException
    {
        JsonNode column = assertHttpError("SELECT customerNam FROM orders", Map.of(), List.of(), 400);
        assertThat(column.get("errorMessage").asText()).contains("Column 'customerNam' not found").contains("customerName").doesNotContain("LINE 1");
        JsonNode conversion = assertHttpError("SELECT CAST('x' AS INTEGER) FROM orders", Map.of(), List.of(), 400);
        assertThat(conversion.get("errorMessage").asText()).contains("could not be converted").doesNotContain("LINE 1");
        QueryResponse response = grpc("SELECT customerNam FROM orders", List.of(), Map.of());
        assertThat(response.getStatus()).isEqualTo(QueryStatus.INVALID_SQL);
        assertThat(response.getErrorMessage()).contains("customerNam");
    }

    @Test
    void timestampsPrintAsDruidPrintsThemOverHttpAndGrpc()
            throws IOException
    {
        String sql = "SELECT MILLIS_TO_TIMESTAMP(-62135596800001), MILLIS_TO_TIMESTAMP(-621355968000000), TIMESTAMP '1582-10-04 00:00:00', "
                + "TIMESTAMP '1000-01-01 00:00:00', MILLIS_TO_TIMESTAMP(400000000000000)";
        String expected = "[[\"0000-12-31T23:59:59.999Z\",\"-17720-01-06T00:00:00.000Z\",\"1582-10-04T00:00:00.000Z\",\"1000-01-01T00:00:00.000Z\",\"14645-06-30T15:06:40.000Z\"]]\n";
        HttpResponse<String> response = post(sql, Map.of(), List.of(), "array");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expected);
        QueryResponse grpc = grpc(sql, List.of(), Map.of());
        assertThat(grpc.getStatus()).as(grpc.getErrorMessage()).isEqualTo(QueryStatus.OK);
        assertThat(grpc.getData().toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void parametersAreTypedStrictly()
            throws IOException
    {
        assertThat(assertHttpError("SELECT ? + 1", Map.of(), List.of(parameter("BIGINT", "abc")), 400).get("errorMessage").asText()).contains("Parameter 1 (BIGINT)");
        assertThat(assertHttpError("SELECT ? + 1", Map.of(), List.of(parameter("BIGINT", 1e40)), 400).get("errorMessage").asText()).contains("out of range");
        assertThat(assertHttpError("SELECT CAST(? AS TIMESTAMP)", Map.of(), List.of(parameter("TIMESTAMP", "zzz")), 400).get("errorMessage").asText()).contains("Parameter 1 (TIMESTAMP)");
        assertThat(assertHttpError("SELECT ?", Map.of(), List.of(parameter("VARCHAR", Map.of("a", 1))), 400).get("errorMessage").asText()).contains("single value");
        assertThat(assertHttpError("SELECT ?, ?", Map.of(), List.of(parameter("BIGINT", 1)), 400).get("errorMessage").asText()).contains("2 parameter placeholders");
        assertThat(assertHttpError("SELECT ?", Map.of(), List.of(parameter("BIGINT", 1), parameter("BIGINT", 2)), 400).get("errorMessage").asText()).contains("carries 2 parameters");
        HttpResponse<String> typed = post("SELECT CAST(? AS TIMESTAMP), ? + 1", Map.of(), List.of(parameter("TIMESTAMP", "2000-01-02 03:04:05.678"), parameter("BIGINT", "41")), "array");
        assertThat(typed.statusCode()).as(typed.body()).isEqualTo(200);
        assertThat(typed.body()).isEqualTo("[[\"2000-01-02T03:04:05.678Z\",42]]\n");
        QueryResponse missing = grpc("SELECT ?, ?", List.of(QueryParameter.newBuilder().setLongValue(1).build()), Map.of());
        assertThat(missing.getStatus()).isEqualTo(QueryStatus.INVALID_SQL);
        assertThat(missing.getErrorMessage()).contains("2 parameter placeholders");
    }

    @Test
    void contextValuesAreChecked()
            throws IOException
    {
        assertThat(assertHttpError("SELECT 1", Map.of("sqlCurrentTimestamp", "+999999999-12-31T23:59:59Z"), List.of(), 400).get("errorMessage").asText()).contains("sqlCurrentTimestamp");
        assertThat(assertHttpError("SELECT 1", Map.of("timeout", "1e40"), List.of(), 400).get("errorMessage").asText()).contains("timeout");
        assertThat(grpc("SELECT 1", List.of(), Map.of("timeout", "abc")).getStatus()).isEqualTo(QueryStatus.REQUEST_ERROR);
    }

    @Test
    void stringLiteralsMeanWhatDruidMeans()
            throws IOException
    {
        HttpResponse<String> escapes = post("SELECT u&'\\0041', E'\\x41', 'it''s é'", Map.of(), List.of(), "array");
        assertThat(escapes.statusCode()).as(escapes.body()).isEqualTo(200);
        assertThat(escapes.body()).isEqualTo("[[\"A\",\"A\",\"it's é\"]]\n");
        assertThat(assertHttpError("SELECT u&'a\\0000b'", Map.of(), List.of(), 400).get("errorMessage").asText()).contains("NUL");
        assertThat(assertHttpError("SELECT $$abc$$", Map.of(), List.of(), 400).get("errorMessage").asText()).contains("single quotes");
    }

    private static Map<String, Object> parameter(String type, Object value)
    {
        return Map.of("type", type, "value", value);
    }

    private JsonNode assertHttpError(String sql, Map<String, String> context, List<Map<String, Object>> parameters, int status)
            throws IOException
    {
        HttpResponse<String> response = post(sql, context, parameters);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = NodeClients.JSON.readTree(response.body());
        assertThat(error.get("error").asText()).isEqualTo("druidException");
        assertThat(error.get("errorMessage").asText()).doesNotContain("Exception").doesNotContain("Error:");
        return error;
    }

    private HttpResponse<String> post(String sql, Map<String, String> context, List<Map<String, Object>> parameters)
            throws IOException
    {
        return post(sql, context, parameters, "object");
    }

    private HttpResponse<String> post(String sql, Map<String, String> context, List<Map<String, Object>> parameters, String format)
            throws IOException
    {
        ObjectNode body = NodeClients.JSON.createObjectNode();
        body.put("query", sql);
        body.put("resultFormat", format);
        body.set("context", NodeClients.JSON.valueToTree(context));
        body.set("parameters", NodeClients.JSON.valueToTree(parameters));
        return clients.postSql(NodeClients.JSON.writeValueAsString(body));
    }

    private QueryResponse grpc(String sql, List<QueryParameter> parameters, Map<String, String> context)
    {
        return clients.query.submitQuery(QueryRequest.newBuilder().setQuery(sql).setResultFormat(QueryResultFormat.JSON_ARRAY)
                .addAllParameters(parameters).putAllContext(context).build());
    }
}
