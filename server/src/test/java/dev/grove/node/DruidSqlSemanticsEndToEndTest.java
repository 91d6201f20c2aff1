package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Druid's SQL semantics on a real node over {@code POST /druid/v2/sql}: what the function rewrites,
 * implicit conversions, null handling, time zones, context keys, views, {@code INFORMATION_SCHEMA} and
 * {@code TABLE(APPEND)} return, checked against Druid's documented answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class DruidSqlSemanticsEndToEndTest
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
        clients.produce("orders", List.of(
                "{\"timestamp\":\"2000-01-01T00:00:00Z\",\"customerName\":\"\",\"status\":\"a\",\"quantity\":7,\"amount\":1.5}",
                "{\"timestamp\":\"2000-01-02T00:00:00Z\",\"customerName\":\"10.1\",\"status\":null,\"quantity\":2,\"amount\":2.0}",
                "{\"timestamp\":\"2001-01-03T00:00:00Z\",\"customerName\":\"2\",\"status\":\"b\",\"quantity\":3,\"amount\":3.0}"));
    }

    @AfterAll
    void stopNode()
            throws InterruptedException
    {
        clients.close();
        node.close();
    }

    @Test
    void stringsComparedWithNumbersAreReadAsNumbersOrNull()
            throws IOException
    {
        assertThat(rows("SELECT COUNT(*) FROM orders WHERE customerName = 2")).isEqualTo("[[1]]");
        assertThat(rows("SELECT COUNT(*) FROM orders WHERE amount + 8.1 = customerName")).isEqualTo("[[1]]");
        assertThat(rows("SELECT CAST(customerName AS BIGINT) FROM orders ORDER BY __time")).isEqualTo("[[null],[10],[2]]");
    }

    @Test
    void nullsAndEmptyStringsFollowDruid()
            throws IOException
    {
        assertThat(rows("SELECT CONCAT(customerName, '-', status), SUBSTRING(customerName, 3) FROM orders ORDER BY __time"))
                .isEqualTo("[[\"-a\",null],[null,\".1\"],[\"2-b\",null]]");
        assertThat(rows("SELECT SAFE_DIVIDE(quantity, 0), quantity / 2, SAFE_DIVIDE(10.5, 3) FROM orders WHERE quantity = 7")).isEqualTo("[[null,3,3.5]]");
        assertThat(rows("SELECT EARLIEST(status), LATEST(status), STRING_AGG(status, ',') FROM orders")).isEqualTo("[[\"a\",\"b\",\"a,b\"]]");
        assertThat(rows("SELECT COUNT(*) FROM orders WHERE NOT MV_CONTAINS(status, 'a')")).isEqualTo("[[2]]");
        assertThat(rows("SELECT MV_FILTER_PREFIX(status, 'b'), MV_LENGTH(status) FROM orders ORDER BY __time")).isEqualTo("[[null,1],[null,null],[\"b\",1]]");
    }

    @Test
    void timeFunctionsAndTimeZones()
            throws IOException
    {
        assertThat(rows("SELECT COUNT(*) FROM orders WHERE TIME_IN_INTERVAL(__time, '2000-01-01/P1Y')")).isEqualTo("[[2]]");
        assertThat(rows("SELECT COUNT(*) FROM orders WHERE __time >= '2001'")).isEqualTo("[[1]]");
        assertThat(rows("SELECT TIME_FORMAT(__time, 'yyyy MM dd'), TIMESTAMPDIFF(DAY, TIMESTAMP '1999-12-31 00:00:00', __time) FROM orders WHERE quantity = 7"))
                .isEqualTo("[[\"2000 01 01\",1]]");
        // in Los Angeles the first row is still 1999; the day starts at local midnight (08:00 UTC)
        Map<String, Object> losAngeles = Map.of("sqlTimeZone", "America/Los_Angeles");
        assertThat(rows("SELECT EXTRACT(YEAR FROM __time), TIME_FLOOR(__time, 'P1D') FROM orders WHERE quantity = 7", losAngeles))
                .isEqualTo("[[1999,\"1999-12-31T08:00:00.000Z\"]]");
        assertThat(rows("SELECT COUNT(*) FROM orders WHERE __time < TIMESTAMP '2000-01-01 00:00:00'", losAngeles)).isEqualTo("[[1]]");
        JsonNode error = error(sql("SELECT 1", Map.of("sqlTimeZone", "Mars/Olympus")), 400);
        assertThat(error.get("errorMessage").asText()).contains("is not a time zone");
    }

    @Test
    void contextKeysAndSetStatements()
            throws IOException
    {
        assertThat(rows("SELECT quantity FROM orders ORDER BY quantity DESC", Map.of("sqlOuterLimit", 2))).isEqualTo("[[7],[3]]");
        assertThat(rows("SET sqlOuterLimit = 1; SELECT quantity FROM orders ORDER BY quantity")).isEqualTo("[[2]]");
        assertThat(rows("SELECT COUNT(*) FROM orders WHERE status = 'none'", Map.of("skipEmptyBuckets", true))).isEqualTo("[]");
        assertThat(error(sql("SELECT SUM(DISTINCT quantity) FROM orders", Map.of()), 501).get("errorMessage").asText())
                .contains("useApproximateCountDistinct");
        assertThat(rows("SELECT SUM(DISTINCT quantity) FROM orders", Map.of("useApproximateCountDistinct", false))).isEqualTo("[[12]]");
        assertThat(error(sql("SELECT 1", Map.of("sqlOuterLimit", "many")), 400).get("errorMessage").asText()).contains("sqlOuterLimit");
    }

    @Test
    void viewsAndInformationSchema()
            throws IOException
    {
        HttpResponse<String> created = clients.put("/grove/v1/views/big", "{\"sql\": \"SELECT customerName AS who, quantity FROM orders WHERE quantity > 2\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(rows("SELECT who FROM view.big ORDER BY quantity")).isEqualTo("[[\"2\"],[\"\"]]");
        assertThat(rows("SELECT COLUMN_NAME, DATA_TYPE, JDBC_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'view' AND TABLE_NAME = 'big'"))
                .isEqualTo("[[\"who\",\"VARCHAR\",12],[\"quantity\",\"BIGINT\",-5]]");
        assertThat(rows("SELECT COLUMN_NAME, IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'orders' AND ORDINAL_POSITION = 1"))
                .isEqualTo("[[\"__time\",\"NO\"]]");
        assertThat(rows("SELECT TABLE_SCHEMA, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('orders', 'big') ORDER BY 1"))
                .isEqualTo("[[\"druid\",\"TABLE\"],[\"view\",\"VIEW\"]]");
        assertThat(rows("SELECT COUNT(*) FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_NAME = 'EARLIEST' AND IS_AGGREGATOR = 'YES'")).isEqualTo("[[1]]");
        assertThat(rows("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = 'lookup'")).isEqualTo("[[1]]");
        assertThat(rows("SELECT server, plaintext_port, tls_port, is_leader FROM sys.servers WHERE server_type = 'coordinator'"))
                .isEqualTo("[[\"127.0.0.1:" + node.httpPort() + "\"," + node.httpPort() + ",-1,1]]");

        HttpResponse<String> bad = clients.put("/grove/v1/views/broken", "{\"sql\": \"SELECT nosuch FROM orders\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(clients.put("/grove/v1/views/broken", "{\"sql\": \"DROP TABLE orders\"}").statusCode()).isIn(400, 501);
        assertThat(clients.put("/grove/v1/views/broken", "{\"query\": 1}").statusCode()).isEqualTo(400);
        assertThat(clients.get("/grove/v1/views/broken").statusCode()).isEqualTo(404);
        assertThat(clients.delete("/grove/v1/views/big").statusCode()).isEqualTo(204);
        assertThat(error(sql("SELECT * FROM view.big", Map.of()), 400).get("errorMessage").asText()).contains("Object 'view.big' not found");
    }

    @Test
    void appendReadsDatasourcesByColumnName()
            throws IOException
    {
        assertThat(rows("SELECT COUNT(*), COUNT(status) FROM TABLE(APPEND('orders', 'orders'))")).isEqualTo("[[6,4]]");
        assertThat(error(sql("SELECT * FROM TABLE(APPEND('orders', 'nosuch'))", Map.of()), 400).get("errorMessage").asText()).contains("Table [nosuch] not found");
    }

    private HttpResponse<String> sql(String sql, Map<String, Object> context)
            throws IOException
    {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", sql);
        body.put("resultFormat", "array");
        body.put("context", context);
        return clients.postSql(NodeClients.JSON.writeValueAsString(body));
    }

    private String rows(String sql)
            throws IOException
    {
        return rows(sql, Map.of());
    }

    private String rows(String sql, Map<String, Object> context)
            throws IOException
    {
        HttpResponse<String> response = sql(sql, context);
        assertThat(response.statusCode()).as(sql + " -> " + response.body()).isEqualTo(200);
        return response.body().trim();
    }

    private static JsonNode error(HttpResponse<String> response, int status)
            throws IOException
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return NodeClients.JSON.readTree(response.body());
    }
}
