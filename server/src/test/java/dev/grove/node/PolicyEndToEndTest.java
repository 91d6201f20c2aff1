package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.grove.client.BasicCredentials;
import dev.grove.config.AuthConfig;
import dev.grove.config.GroveConfig;
import dev.grove.proto.admin.v1.AdminServiceGrpc;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.ingest.v1.IngestServiceGrpc;
import dev.grove.proto.ingest.v1.ProduceRequest;
import dev.grove.proto.ingest.v1.Record;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row filters and column masks: whatever shape a statement takes, a restricted caller sees only the
 * rows its filter keeps and only masked values of masked columns; an unrestricted role sees everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyEndToEndTest
{
    private static final String PASSWORD = "policy-password-1";

    @TempDir
    static Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private GroveNode node;
    private ManagedChannel channel;
    private BasicCredentials admin;

    @BeforeAll
    void startNode()
    {
        node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0).withAuth(AuthConfig.on()));
        admin = BasicCredentials.of("admin", node.generatedAdminPassword().orElseThrow());
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().intercept(admin).build();
        AdminServiceGrpc.newBlockingStub(channel).createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(NodeClients.events("orders")).build());
        ProduceRequest.Builder produce = ProduceRequest.newBuilder().setTarget("orders");
        String now = Instant.now().toString();
        for (String row : List.of("Ada Lovelace,COMPLETED,2,20.5", "Alan Turing,FAILED,1,9.5", "Ada Lovelace,FAILED,3,30.0", "Grace Hopper,COMPLETED,5,50.0")) {
            String[] fields = row.split(",");
            produce.addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8("{\"timestamp\":\"" + now + "\",\"customerName\":\"" + fields[0]
                    + "\",\"status\":\"" + fields[1] + "\",\"quantity\":" + fields[2] + ",\"amount\":" + fields[3] + "}")));
        }
        assertThat(IngestServiceGrpc.newBlockingStub(channel).produce(produce.build()).getCount()).isEqualTo(4);

        for (String user : List.of("alice", "Grace Hopper", "carol")) {
            assertThat(call("POST", "/druid-ext/basic-security/authentication/db/basic/users/" + user.replace(" ", "%20"), null).statusCode()).isEqualTo(200);
            assertThat(call("POST", "/druid-ext/basic-security/authentication/db/basic/users/" + user.replace(" ", "%20") + "/credentials",
                    "{\"password\":\"" + PASSWORD + "\"}").statusCode()).isEqualTo(200);
        }
        String readOrders = "[{\"resource\":{\"name\":\"orders\",\"type\":\"DATASOURCE\"},\"action\":\"READ\"}]";
        for (String role : List.of("completed-only", "own-orders", "everything")) {
            assertThat(call("POST", "/druid-ext/basic-security/authorization/db/basic/roles/" + role, null).statusCode()).isEqualTo(200);
            assertThat(call("POST", "/druid-ext/basic-security/authorization/db/basic/roles/" + role + "/permissions", readOrders).statusCode()).isEqualTo(200);
        }
        assertThat(call("PUT", "/grove/v1/policies/completed-only/orders",
                "{\"rowFilter\":\"status = 'COMPLETED'\",\"columnMasks\":{\"customerName\":{\"type\":\"lastN\",\"keep\":3},\"amount\":{\"type\":\"null\"}}}")
                .statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/grove/v1/policies/own-orders/orders", "{\"rowFilter\":\"customerName = :user\"}").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/druid-ext/basic-security/authorization/db/basic/users/alice/roles/completed-only", null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/druid-ext/basic-security/authorization/db/basic/users/Grace%20Hopper/roles/own-orders", null).statusCode()).isEqualTo(200);
        // carol holds a restricted role and an unrestricted one: she sees everything
        assertThat(call("POST", "/druid-ext/basic-security/authorization/db/basic/users/carol/roles/completed-only", null).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/druid-ext/basic-security/authorization/db/basic/users/carol/roles/everything", null).statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stopNode()
    {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void noStatementShapeReachesFilteredRowsOrMaskedValues()
            throws IOException
    {
        BasicCredentials alice = BasicCredentials.of("alice", PASSWORD);
        List<String> shapes = List.of(
                "SELECT * FROM orders",
                "SELECT customerName, amount FROM orders WHERE status = 'FAILED'",
                "SELECT customerName, status, amount FROM druid.orders",
                "SELECT o.customerName, p.amount FROM orders o JOIN orders p ON o.status = p.status",
                "WITH x AS (SELECT * FROM orders) SELECT * FROM x",
                "SELECT * FROM (SELECT * FROM orders) t",
                "SELECT customerName FROM orders UNION ALL SELECT customerName FROM druid.orders",
                "SELECT MAX(customerName), MIN(customerName), SUM(amount), COUNT(*) FILTER (WHERE status = 'FAILED') FROM orders",
                "SELECT customerName FROM orders WHERE customerName LIKE 'Ada%' OR customerName LIKE 'Alan%'",
                "SELECT * FROM orders WHERE customerName IN (SELECT customerName FROM orders)",
                "SELECT (SELECT COUNT(*) FROM orders WHERE status = 'FAILED') AS failed",
                "SELECT t.*, orders.* FROM orders, (WITH orders AS (SELECT 1 AS x) SELECT * FROM orders) t",
                "SELECT customerName, COUNT(*) OVER (PARTITION BY status) FROM orders",
                "SELECT status, COUNT(*), SUM(quantity) FROM orders GROUP BY status",
                "SELECT customerName FROM orders ORDER BY amount DESC LIMIT 10",
                "SELECT customerName FROM orders WHERE amount > 25",
                "SELECT DISTINCT customerName FROM orders",
                "SELECT customerName FROM orders GROUP BY customerName HAVING COUNT(*) > 0",
                "SELECT * FROM orders o1 LEFT JOIN orders o2 ON o1.customerName = o2.customerName",
                "SELECT * FROM orders WHERE EXISTS (SELECT 1 FROM orders o2 WHERE o2.status = 'FAILED')",
                "SELECT CASE WHEN status = 'FAILED' THEN 'yes' ELSE 'no' END FROM orders",
                "SELECT * FROM orders UNION SELECT * FROM orders",
                "SELECT customerName FROM orders ORDER BY 1 LIMIT 1 OFFSET 1",
                "SELECT LOWER(customerName), UPPER(customerName), SUBSTRING(customerName, 1, 3) FROM orders",
                "SELECT COUNT(DISTINCT customerName) FROM orders",
                "SELECT * FROM (SELECT * FROM orders WHERE status <> 'COMPLETED') t",
                "SELECT TIME_FLOOR(__time, 'PT1H'), COUNT(*) FROM orders GROUP BY 1",
                "WITH a AS (SELECT * FROM orders), b AS (SELECT * FROM a) SELECT * FROM b",
                "SELECT * FROM orders AS alias",
                "SELECT \"orders\".\"customerName\" FROM \"orders\"",
                "SELECT * FROM druid.\"orders\"",
                "SELECT customerName, SUM(quantity) OVER (ORDER BY amount) FROM orders",
                "SELECT SUM(amount) / COUNT(*), MAX(amount), MIN(amount) FROM orders",
                "SELECT * FROM orders WHERE __time > TIMESTAMP '2000-01-01 00:00:00'",
                "SELECT customerName FROM orders WHERE quantity IN (1, 3)",
                "SELECT * FROM (VALUES (1)) AS t(x) CROSS JOIN orders",
                "SELECT * FROM orders WHERE status IN (SELECT status FROM orders WHERE quantity < 10)",
                "SELECT o.customerName FROM orders o WHERE o.amount = (SELECT MAX(amount) FROM orders)",
                "SELECT COALESCE(amount, 99), NULLIF(customerName, '') FROM orders",
                "SELECT customerName FROM orders WHERE customerName > ''",
                "SELECT (SELECT customerName FROM orders ORDER BY amount DESC LIMIT 1)",
                "SELECT customerName FROM (WITH orders AS (SELECT * FROM druid.orders) SELECT * FROM orders) x");
        assertThat(shapes).hasSizeGreaterThanOrEqualTo(40);
        for (String sql : shapes) {
            HttpResponse<String> response = sql(alice, sql);
            assertThat(response.statusCode()).as(sql + " → " + response.body()).isEqualTo(200);
            assertThat(response.body()).as(sql).doesNotContain("FAILED").doesNotContain("Lovelace").doesNotContain("Turing").doesNotContain("Hopper")
                    .doesNotContain("Alan").doesNotContain("20.5").doesNotContain("50.0").doesNotContain("30.0");
        }
        // statements Grove refuses or cannot run must not leak through their errors either
        for (String refused : List.of("EXPLAIN PLAN FOR SELECT * FROM orders", "SELECT * FROM orders INTERSECT SELECT * FROM orders",
                "SELECT * FROM TABLE(orders)", "DELETE FROM orders", "SELECT * FROM orders; SELECT * FROM orders")) {
            HttpResponse<String> response = sql(alice, refused);
            assertThat(response.statusCode()).as(refused + " → " + response.body()).isNotEqualTo(500);
            assertThat(response.body()).as(refused).doesNotContain("FAILED").doesNotContain("Lovelace").doesNotContain("Hopper").doesNotContain("20.5");
        }
        // an engine error may not quote a value from a row the filter hides (the engine may test conditions in any order)
        for (String failing : List.of("SELECT COUNT(*) FROM orders WHERE CAST(status AS BIGINT) = 1",
                "SELECT COUNT(*) FROM orders WHERE CAST(customerName AS DOUBLE) > 0 AND status = 'COMPLETED'")) {
            HttpResponse<String> response = sql(alice, failing);
            assertThat(response.statusCode()).as(failing + " → " + response.body()).isEqualTo(400);
            assertThat(response.body()).as(failing).doesNotContain("FAILED").doesNotContain("COMPLETED").doesNotContain("Turing").doesNotContain("ing'")
                    .contains("not shown because row or column policies apply");
        }
        assertThat(rows(sql(alice, "SELECT customerName, status, amount FROM orders ORDER BY customerName")).toString())
                .isEqualTo("[[\"*********ace\",\"COMPLETED\",null],[\"*********per\",\"COMPLETED\",null]]");
        assertThat(rows(sql(alice, "SELECT COUNT(*) FROM orders WHERE status = ?", "FAILED")).toString()).isEqualTo("[[0]]");
    }

    @Test
    void rowFiltersUseTheCallersNameAndRolesCombine()
            throws IOException
    {
        assertThat(rows(sql(BasicCredentials.of("Grace Hopper", PASSWORD), "SELECT customerName, amount FROM orders")).toString())
                .isEqualTo("[[\"Grace Hopper\",50.0]]");
        assertThat(rows(sql(BasicCredentials.of("carol", PASSWORD), "SELECT COUNT(*) FROM orders WHERE status = 'FAILED'")).toString()).isEqualTo("[[2]]");
        assertThat(rows(sql(admin, "SELECT COUNT(*) FROM orders")).toString()).isEqualTo("[[4]]");
    }

    @Test
    void anAdministratorSeesTheSqlAUserWouldRun()
            throws IOException
    {
        JsonNode alice = NodeClients.JSON.readTree(call("POST", "/grove/v1/policies/test", "{\"user\":\"alice\",\"query\":\"SELECT COUNT(*) FROM orders\"}").body());
        assertThat(alice.get("engineSql").asText()).contains("'COMPLETED'").containsIgnoringCase("lpad");
        JsonNode grace = NodeClients.JSON.readTree(call("POST", "/grove/v1/policies/test", "{\"user\":\"Grace Hopper\",\"query\":\"SELECT COUNT(*) FROM orders\"}").body());
        assertThat(grace.get("engineSql").asText()).contains("'Grace Hopper'");
        JsonNode admin = NodeClients.JSON.readTree(call("POST", "/grove/v1/policies/test", "{\"user\":\"admin\",\"query\":\"SELECT COUNT(*) FROM orders\"}").body());
        assertThat(admin.get("engineSql").asText()).doesNotContain("COMPLETED");
        assertThat(call("POST", "/grove/v1/policies/test", "{\"user\":\"alice\",\"query\":\"SELEC\"}").statusCode()).isEqualTo(400);
        assertThat(send(BasicCredentials.of("alice", PASSWORD), "POST", "/grove/v1/policies/test", "{\"user\":\"carol\",\"query\":\"SELECT 1\"}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void policiesOverGrpc()
    {
        dev.grove.proto.policy.v1.PolicyServiceGrpc.PolicyServiceBlockingStub asAdmin = dev.grove.proto.policy.v1.PolicyServiceGrpc.newBlockingStub(channel);
        assertThat(asAdmin.listPolicies(dev.grove.proto.policy.v1.ListPoliciesRequest.newBuilder().setRole("completed-only").build()).getPolicies(0).getRowFilter())
                .isEqualTo("status = 'COMPLETED'");
        assertThat(asAdmin.testPolicy(dev.grove.proto.policy.v1.TestPolicyRequest.newBuilder().setUser("alice").setQuery("SELECT COUNT(*) FROM orders").build())
                .getEngineSql()).contains("'COMPLETED'");
        ManagedChannel asAlice = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().intercept(BasicCredentials.of("alice", PASSWORD)).build();
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.grove.proto.policy.v1.PolicyServiceGrpc.newBlockingStub(asAlice)
                            .deletePolicy(dev.grove.proto.policy.v1.DeletePolicyRequest.newBuilder().setRole("completed-only").setDatasource("orders").build()))
                    .satisfies(e -> assertThat(io.grpc.Status.fromThrowable(e).getCode()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED));
        }
        finally {
            asAlice.shutdownNow();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> asAdmin.setPolicy(dev.grove.proto.policy.v1.SetPolicyRequest.newBuilder()
                        .setPolicy(dev.grove.proto.policy.v1.Policy.newBuilder().setRole("completed-only").setDatasource("orders").setRowFilter("1 = 1) UNION (SELECT 1"))
                        .build()))
                .satisfies(e -> assertThat(io.grpc.Status.fromThrowable(e).getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void badPoliciesAreRefusedAndNothingChanges()
            throws IOException
    {
        assertThat(call("PUT", "/grove/v1/policies/completed-only/orders", "{\"rowFilter\":\"1 = 1) UNION ALL (SELECT 1 FROM orders\"}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/grove/v1/policies/completed-only/orders", "{\"rowFilter\":\"status = 'COMPLETED') ORDER BY (1\"}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/grove/v1/policies/completed-only/orders", "{\"columnMasks\":{\"nope\":{\"type\":\"null\"}}}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/grove/v1/policies/completed-only/orders", "{\"columnMasks\":{\"quantity\":{\"type\":\"lastN\",\"keep\":2}}}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/grove/v1/policies/completed-only/orders", "{\"columnMasks\":{\"quantity\":{\"type\":\"scramble\"}}}").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/grove/v1/policies/no-such-role/orders", "{\"rowFilter\":\"1 = 1\"}").statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/grove/v1/policies/completed-only/orders", "not json").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/grove/v1/policies/completed-only/orders", null).statusCode()).isEqualTo(400);
        JsonNode listed = NodeClients.JSON.readTree(call("GET", "/grove/v1/policies?role=completed-only", null).body());
        assertThat(listed.get(0).get("rowFilter").asText()).isEqualTo("status = 'COMPLETED'");
        // a restricted user may not change policies
        HttpResponse<String> byAlice = send(BasicCredentials.of("alice", PASSWORD), "DELETE", "/grove/v1/policies/completed-only/orders", null);
        assertThat(byAlice.statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> sql(BasicCredentials credentials, String sql, Object... parameters)
            throws IOException
    {
        List<Map<String, Object>> typed = java.util.Arrays.stream(parameters).map(value -> Map.of("type", "VARCHAR", "value", value)).toList();
        return send(credentials, "POST", "/druid/v2/sql", NodeClients.JSON.writeValueAsString(Map.of("query", sql, "resultFormat", "array", "parameters", typed)));
    }

    private static JsonNode rows(HttpResponse<String> response)
            throws IOException
    {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return NodeClients.JSON.readTree(response.body());
    }

    private HttpResponse<String> call(String method, String path, String body)
    {
        return send(admin, method, path, body);
    }

    private HttpResponse<String> send(BasicCredentials credentials, String method, String path, String body)
    {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .header("Authorization", credentials.headerValue()).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
