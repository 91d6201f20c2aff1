package dev.grove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.spotify.holocron.schema.v1.HolocronProxyServiceGrpc;
import dev.grove.config.ConfigKey;
import dev.grove.config.ConfigLoader;
import dev.grove.node.GroveNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.apache.druid.grpc.proto.QueryGrpc;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code grove start --demo}: the saga simulation streams through the real gRPC producer path, and the
 * seed's three example queries return rows, the same over HTTP, Druid gRPC and the Holocron proxy.
 */
class DemoEndToEndTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void seedQueriesReturnTheSameRowsOverEveryProtocol()
            throws Exception
    {
        GroveNode node = GroveNode.start(ConfigLoader.fromProperties(Map.of(
                ConfigKey.DATA_DIR.key(), dataDir.toString(),
                ConfigKey.HTTP_PORT.key(), "0",
                ConfigKey.GRPC_PORT.key(), "0",
                ConfigKey.PG_PORT.key(), "0",
                ConfigKey.DEMO_RATE.key(), "2000")));
        HttpClient http = HttpClient.newHttpClient();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
        try (AutoCloseable demo = DemoLauncher.start(node)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(http, node, "SELECT COUNT(*) FROM payments WHERE sagaStatus = 'FAILED'") == 0
                    || count(http, node, "SELECT COUNT(*) FROM orders WHERE sagaStatus = 'COMPLETED'") == 0) {
                assertThat(System.nanoTime()).as("demo produced failed payments and completed orders within 60 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            long before = count(http, node, "SELECT COUNT(*) FROM orders");
            Thread.sleep(1500);
            assertThat(count(http, node, "SELECT COUNT(*) FROM orders")).as("orders keep arriving").isGreaterThan(before);
        }
        try {
            // the banner's commands, copied as a user copies them: each must succeed against this node
            int ran = 0;
            for (String line : DemoLauncher.exampleCommands(node.config().host(), node.httpPort())) {
                if (line.isEmpty() || line.startsWith("--")) {
                    continue;
                }
                List<String> command = ShellExamples.words(line);
                if (command.get(0).equals("curl")) {
                    HttpResponse<String> response = http.send(ShellExamples.curlRequest(command, node.httpPort()), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(line + "\n" + response.body()).isEqualTo(200);
                }
                else {
                    assertThat(command.get(0)).isEqualTo("./grove");
                    CliRun run = CliRun.of(command.subList(1, command.size()));
                    assertThat(run.exitCode()).as(line + "\n" + run.out() + run.err()).isZero();
                    assertThat(run.out()).as(line).contains("row");
                }
                ran++;
            }
            assertThat(ran).isEqualTo(1 + DemoLauncher.EXAMPLE_QUERIES.size());
            for (String sql : DemoLauncher.EXAMPLE_QUERIES.values()) {
                JsonNode rows = JSON.readTree(sql(http, node, sql, "array"));
                assertThat(rows.size()).as(sql).isGreaterThan(0);
                QueryRequest request = QueryRequest.newBuilder().setQuery(sql).setResultFormat(QueryResultFormat.JSON_ARRAY).build();
                QueryResponse direct = QueryGrpc.newBlockingStub(channel).submitQuery(request);
                QueryResponse proxied = HolocronProxyServiceGrpc.newBlockingStub(channel).proxy(request);
                assertThat(direct.getStatus()).as(sql).isEqualTo(QueryStatus.OK);
                assertThat(proxied.getStatus()).as(sql).isEqualTo(QueryStatus.OK);
                // ORDER BY leaves ties in any order, so compare the rows, not their sequence
                assertThat(rowsOf(JSON.readTree(direct.getData().toStringUtf8()))).as(sql).containsExactlyInAnyOrderElementsOf(rowsOf(rows));
                assertThat(rowsOf(JSON.readTree(proxied.getData().toStringUtf8()))).as(sql).containsExactlyInAnyOrderElementsOf(rowsOf(rows));
                // and over the PostgreSQL wire protocol, with the JDBC driver
                assertThat(pgRows(node, sql)).as(sql).containsExactlyInAnyOrderElementsOf(valuesOf(rows));
            }
        }
        finally {
            channel.shutdownNow();
            node.close();
        }
    }

    private static List<String> rowsOf(JsonNode rows)
    {
        List<String> result = new ArrayList<>();
        rows.forEach(row -> result.add(row.toString()));
        return result;
    }

    /** Each row's values as text, numbers written without trailing zeros, so JSON's 12.0 and JDBC's 12 compare equal. */
    private static List<List<String>> valuesOf(JsonNode rows)
    {
        List<List<String>> result = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> values = new ArrayList<>();
            row.forEach(value -> values.add(value.isNull() ? "null" : value.isNumber() ? number(value.decimalValue()) : value.asText()));
            result.add(values);
        }
        return result;
    }

    private static List<List<String>> pgRows(GroveNode node, String sql)
            throws Exception
    {
        List<List<String>> result = new ArrayList<>();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/grove?user=grove");
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rows.getObject(i);
                    values.add(value == null ? "null" : value instanceof Number number ? number(new java.math.BigDecimal(number.toString())) : value.toString());
                }
                result.add(values);
            }
        }
        return result;
    }

    private static String number(java.math.BigDecimal value)
    {
        return value.stripTrailingZeros().toPlainString();
    }

    private static long count(HttpClient http, GroveNode node, String sql)
            throws Exception
    {
        return JSON.readTree(sql(http, node, sql, "array")).get(0).get(0).asLong();
    }

    private static String sql(HttpClient http, GroveNode node, String sql, String format)
            throws Exception
    {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/druid/v2/sql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", sql, "resultFormat", format))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
