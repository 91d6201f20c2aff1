package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.spotify.holocron.schema.v1.HolocronProxyServiceGrpc;
import dev.grove.client.BasicCredentials;
import dev.grove.config.AuthConfig;
import dev.grove.config.GroveConfig;
import dev.grove.proto.admin.v1.AdminServiceGrpc;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.admin.v1.ListDatasourcesRequest;
import dev.grove.proto.ingest.v1.IngestServiceGrpc;
import dev.grove.proto.ingest.v1.ProduceRequest;
import dev.grove.proto.ingest.v1.Record;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.apache.druid.grpc.proto.QueryGrpc;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Authentication and role-based authorization through every front door of a real node (HTTP SQL,
 * Druid gRPC, Holocron, Produce, admin over gRPC and HTTP, the basic-security API): no credentials,
 * wrong credentials, a user without permission and a user with it, each with the expected status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthEndToEndTest
{
    private static final String ALICE_PASSWORD = "alice-password-1";
    private static final String BOB_PASSWORD = "bob-password-1";
    private static final String WRITER_PASSWORD = "writer-password-1";

    @TempDir
    static Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private GroveNode node;
    private String adminPassword;

    @BeforeAll
    void startNode()
            throws IOException
    {
        node = GroveNode.start(authConfig(dataDir, AuthConfig.on()));
        adminPassword = node.generatedAdminPassword().orElseThrow();
        AdminServiceGrpc.AdminServiceBlockingStub admin = AdminServiceGrpc.newBlockingStub(channel(basic("admin", adminPassword)))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(NodeClients.events("orders")).build());
        admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(NodeClients.events("secret")).build());
        IngestServiceGrpc.IngestServiceBlockingStub ingest = IngestServiceGrpc.newBlockingStub(channel(basic("admin", adminPassword)));
        assertThat(ingest.produce(produce("orders", "Ada")).getCount()).isEqualTo(1);
        assertThat(ingest.produce(produce("secret", "Top Secret")).getCount()).isEqualTo(1);

        assertThat(security("POST", "/authentication/db/basic/users/alice", null).statusCode()).isEqualTo(200);
        // Druid setup scripts create each user in the authorizer too: not an error here
        assertThat(security("POST", "/authorization/db/basic/users/alice", null).statusCode()).isEqualTo(200);
        assertThat(security("POST", "/authentication/db/basic/users/alice/credentials", "{\"password\":\"" + ALICE_PASSWORD + "\"}").statusCode()).isEqualTo(200);
        assertThat(security("POST", "/authorization/db/basic/roles/reader", null).statusCode()).isEqualTo(200);
        assertThat(security("POST", "/authorization/db/basic/roles/reader/permissions",
                "[{\"resource\":{\"name\":\"orders\",\"type\":\"DATASOURCE\"},\"action\":\"READ\"}]").statusCode()).isEqualTo(200);
        assertThat(security("POST", "/authorization/db/basic/users/alice/roles/reader", null).statusCode()).isEqualTo(200);

        assertThat(security("POST", "/authentication/db/basic/users/bob", null).statusCode()).isEqualTo(200);
        assertThat(security("POST", "/authentication/db/basic/users/bob/credentials", "{\"password\":\"" + BOB_PASSWORD + "\"}").statusCode()).isEqualTo(200);

        assertThat(security("POST", "/authentication/db/basic/users/writer", null).statusCode()).isEqualTo(200);
        assertThat(security("POST", "/authentication/db/basic/users/writer/credentials", "{\"password\":\"" + WRITER_PASSWORD + "\"}").statusCode()).isEqualTo(200);
        assertThat(security("POST", "/authorization/db/basic/roles/orders-writer", null).statusCode()).isEqualTo(200);
        assertThat(security("POST", "/authorization/db/basic/roles/orders-writer/permissions",
                "[{\"resource\":{\"name\":\"ord.*\",\"type\":\"DATASOURCE\"},\"action\":\"WRITE\"}]").statusCode()).isEqualTo(200);
        assertThat(security("POST", "/authorization/db/basic/users/writer/roles/orders-writer", null).statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stopNode()
    {
        channels.forEach(ManagedChannel::shutdownNow);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void httpSqlNeedsCredentialsAndReadPermission()
            throws IOException
    {
        HttpResponse<String> anonymous = sql(null, "SELECT COUNT(*) FROM orders");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
        assertThat(NodeClients.JSON.readTree(anonymous.body()).get("errorCode").asText()).isEqualTo("unauthorized");

        HttpResponse<String> wrongPassword = sql(basic("alice", "not-her-password"), "SELECT COUNT(*) FROM orders");
        HttpResponse<String> unknownUser = sql(basic("mallory", "any-password"), "SELECT COUNT(*) FROM orders");
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(unknownUser.statusCode()).isEqualTo(401);
        // a wrong password reads exactly like an unknown user
        assertThat(message(wrongPassword)).isEqualTo(message(unknownUser)).isEqualTo("Invalid user name or password");

        HttpResponse<String> allowed = sql(basic("alice", ALICE_PASSWORD), "SELECT customerName FROM orders");
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).contains("Ada").doesNotContain("Top Secret");

        for (String escape : List.of(
                "SELECT * FROM secret",
                "SELECT * FROM druid.secret",
                "SELECT o.customerName FROM orders o JOIN secret s ON o.customerName = s.customerName",
                "SELECT customerName FROM orders UNION ALL SELECT customerName FROM secret",
                "SELECT customerName FROM orders WHERE customerName IN (SELECT customerName FROM secret)",
                "WITH t AS (SELECT * FROM secret) SELECT * FROM t",
                "SELECT (SELECT MAX(customerName) FROM secret) FROM orders")) {
            HttpResponse<String> denied = sql(basic("alice", ALICE_PASSWORD), escape);
            assertThat(denied.statusCode()).as(escape + " → " + denied.body()).isEqualTo(403);
            assertThat(denied.body()).doesNotContain("Top Secret");
        }
        // a CTE named like a table the caller may not read reads only what it says
        HttpResponse<String> shadowing = sql(basic("alice", ALICE_PASSWORD), "WITH secret AS (SELECT * FROM orders) SELECT customerName FROM secret");
        assertThat(shadowing.statusCode()).as(shadowing.body()).isEqualTo(200);
        assertThat(shadowing.body()).contains("Ada").doesNotContain("Top Secret");

        assertThat(sql(basic("bob", BOB_PASSWORD), "SELECT COUNT(*) FROM orders").statusCode()).isEqualTo(403);
        assertThat(sql(basic("admin", adminPassword), "SELECT customerName FROM secret").body()).contains("Top Secret");
    }

    @Test
    void catalogTablesViewsAndLookupsRespectPermissions()
            throws IOException
    {
        HttpResponse<String> tables = sql(basic("alice", ALICE_PASSWORD), "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'druid'");
        assertThat(tables.statusCode()).as(tables.body()).isEqualTo(200);
        assertThat(tables.body()).contains("orders").doesNotContain("secret");
        HttpResponse<String> columns = sql(basic("alice", ALICE_PASSWORD), "SELECT DISTINCT TABLE_NAME FROM INFORMATION_SCHEMA.COLUMNS");
        assertThat(columns.body()).contains("orders").doesNotContain("secret");
        assertThat(sql(basic("admin", adminPassword), "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'druid'").body()).contains("secret");

        // a view reads with the caller's permissions: alice may not read secret through one
        HttpResponse<String> defined = send(basic("admin", adminPassword), HttpRequest.newBuilder(uri("/grove/v1/views/everything_secret"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT customerName FROM secret\"}")));
        assertThat(defined.statusCode()).as(defined.body()).isIn(200, 201);
        HttpResponse<String> throughView = sql(basic("alice", ALICE_PASSWORD), "SELECT * FROM view.everything_secret");
        assertThat(throughView.statusCode()).as(throughView.body()).isEqualTo(403);
        assertThat(throughView.body()).doesNotContain("Top Secret");
        assertThat(sql(basic("admin", adminPassword), "SELECT * FROM view.everything_secret").body()).contains("Top Secret");

        // views and lookups are configuration: alice may neither define nor list them
        HttpResponse<String> aliceView = send(basic("alice", ALICE_PASSWORD), HttpRequest.newBuilder(uri("/grove/v1/views/mine"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT 1\"}")));
        assertThat(aliceView.statusCode()).isEqualTo(403);
        assertThat(get(basic("alice", ALICE_PASSWORD), "/druid/coordinator/v1/lookups/config").statusCode()).isEqualTo(403);
        assertThat(get(null, "/druid/coordinator/v1/lookups/config").statusCode()).isEqualTo(401);
    }

    @Test
    void cancellingAQueryNeedsReadOnWhatItReads()
            throws Exception
    {
        AdminServiceGrpc.newBlockingStub(channel(basic("admin", adminPassword)))
                .createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(NodeClients.events("vault")).build());
        ProduceRequest.Builder rows = ProduceRequest.newBuilder().setTarget("vault");
        for (int i = 0; i < 1000; i++) {
            rows.addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8("{\"timestamp\":\"" + Instant.now() + "\",\"customerName\":\"c" + i
                    + "\",\"status\":\"COMPLETED\",\"quantity\":" + i + ",\"amount\":1.0}")));
        }
        assertThat(IngestServiceGrpc.newBlockingStub(channel(basic("admin", adminPassword))).produce(rows.build()).getCount()).isEqualTo(1000);
        String endless = "SELECT COUNT(*) FROM vault a, vault b, vault c WHERE MOD(a.quantity * 7 + b.quantity * 13 + c.quantity, 1000003) = 17";
        String body = NodeClients.JSON.writeValueAsString(Map.of("query", endless, "context", Map.of("sqlQueryId", "vault-scan", "timeout", 30000)));
        java.util.concurrent.CompletableFuture<HttpResponse<String>> running = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                send(basic("admin", adminPassword), HttpRequest.newBuilder(uri("/druid/v2/sql")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int byAlice;
        do {
            Thread.sleep(50);
            byAlice = send(basic("alice", ALICE_PASSWORD), HttpRequest.newBuilder(uri("/druid/v2/sql/vault-scan")).DELETE()).statusCode();
            assertThat(System.nanoTime()).as("the query was planned and seen running").isLessThan(deadline);
        }
        while (byAlice == 404);
        // alice may not read vault, so she may not cancel a query that reads it (as in Druid)
        assertThat(byAlice).isEqualTo(403);
        assertThat(send(basic("admin", adminPassword), HttpRequest.newBuilder(uri("/druid/v2/sql/vault-scan")).DELETE()).statusCode()).isEqualTo(202);
        assertThat(running.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
    }

    @Test
    void statusIsProtectedButHealthIsOpen()
    {
        assertThat(get(null, "/status/health").statusCode()).isEqualTo(200);
        assertThat(get(null, "/status").statusCode()).isEqualTo(401);
        assertThat(get(basic("alice", ALICE_PASSWORD), "/status").statusCode()).isEqualTo(403);
        assertThat(get(basic("admin", adminPassword), "/status").statusCode()).isEqualTo(200);
        assertThat(get(null, "/druid/broker/v1/readiness").statusCode()).isEqualTo(401);
    }

    @Test
    void datasourceListsShowOnlyWhatTheCallerMayRead()
            throws IOException
    {
        HttpResponse<String> druidList = get(basic("alice", ALICE_PASSWORD), "/druid/v2/datasources");
        assertThat(NodeClients.JSON.readTree(druidList.body()).toString()).isEqualTo("[\"orders\"]");
        assertThat(get(basic("alice", ALICE_PASSWORD), "/druid/v2/datasources/secret").statusCode()).isEqualTo(403);
        assertThat(get(basic("alice", ALICE_PASSWORD), "/grove/v1/datasources/orders").statusCode()).isEqualTo(200);
        HttpResponse<String> drop = send(basic("alice", ALICE_PASSWORD), HttpRequest.newBuilder(uri("/grove/v1/datasources/orders")).DELETE());
        assertThat(drop.statusCode()).isEqualTo(403);

        AdminServiceGrpc.AdminServiceBlockingStub alice = AdminServiceGrpc.newBlockingStub(channel(basic("alice", ALICE_PASSWORD)));
        assertThat(alice.listDatasources(ListDatasourcesRequest.getDefaultInstance()).getDatasourcesList())
                .extracting(datasource -> datasource.getName()).containsExactly("orders");
        assertThatThrownBy(() -> alice.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(NodeClients.events("mine")).build()))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void grpcQueriesNeedCredentialsAndReadPermission()
    {
        QueryRequest orders = QueryRequest.newBuilder().setQuery("SELECT customerName FROM orders").setResultFormat(QueryResultFormat.JSON_ARRAY).build();
        QueryRequest secret = QueryRequest.newBuilder().setQuery("SELECT customerName FROM secret").setResultFormat(QueryResultFormat.JSON_ARRAY).build();

        assertThatThrownBy(() -> QueryGrpc.newBlockingStub(channel(null)).submitQuery(orders))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> QueryGrpc.newBlockingStub(channel(basic("alice", "wrong-password"))).submitQuery(orders))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

        QueryGrpc.QueryBlockingStub alice = QueryGrpc.newBlockingStub(channel(basic("alice", ALICE_PASSWORD)));
        QueryResponse allowed = alice.submitQuery(orders);
        assertThat(allowed.getStatus()).isEqualTo(QueryStatus.OK);
        assertThat(allowed.getData().toStringUtf8()).contains("Ada");
        assertThatThrownBy(() -> alice.submitQuery(secret))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Top Secret"));

        HolocronProxyServiceGrpc.HolocronProxyServiceBlockingStub holocron = HolocronProxyServiceGrpc.newBlockingStub(channel(basic("alice", ALICE_PASSWORD)));
        assertThat(holocron.proxy(orders).getStatus()).isEqualTo(QueryStatus.OK);
        assertThatThrownBy(() -> holocron.laneOneProxy(secret))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> HolocronProxyServiceGrpc.newBlockingStub(channel(null)).proxy(orders))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

        // health stays open to orchestrators
        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel(null)).check(HealthCheckRequest.getDefaultInstance());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void produceNeedsWritePermission()
    {
        assertThatThrownBy(() -> IngestServiceGrpc.newBlockingStub(channel(null)).produce(produce("orders", "Eve")))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        // READ does not include WRITE
        assertThatThrownBy(() -> IngestServiceGrpc.newBlockingStub(channel(basic("alice", ALICE_PASSWORD))).produce(produce("orders", "Eve")))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        IngestServiceGrpc.IngestServiceBlockingStub writer = IngestServiceGrpc.newBlockingStub(channel(basic("writer", WRITER_PASSWORD)));
        assertThat(writer.produce(produce("orders", "Grace")).getCount()).isEqualTo(1);
        assertThatThrownBy(() -> writer.produce(produce("secret", "Grace")))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void securityApiIsForAdminsAndRefusesBadInput()
            throws IOException
    {
        HttpResponse<String> asAlice = send(basic("alice", ALICE_PASSWORD), HttpRequest.newBuilder(uri("/druid-ext/basic-security/authentication/db/basic/users")).GET());
        assertThat(asAlice.statusCode()).isEqualTo(403);
        assertThat(NodeClients.JSON.readTree(security("GET", "/authentication/db/basic/users", null).body()).toString())
                .isEqualTo("[\"admin\",\"alice\",\"bob\",\"writer\"]");
        JsonNode full = NodeClients.JSON.readTree(security("GET", "/authorization/db/basic/users/alice?full", null).body());
        assertThat(full.get("roles").get(0).get("name").asText()).isEqualTo("reader");
        assertThat(full.get("roles").get(0).get("permissions").get(0).get("resource").get("name").asText()).isEqualTo("orders");
        assertThat(security("GET", "/authentication/db/basic/users/alice", null).body()).doesNotContain("hash").doesNotContain("salt");

        assertThat(security("POST", "/authorization/db/basic/roles/reader/permissions", "{not json").statusCode()).isEqualTo(400);
        assertThat(security("POST", "/authorization/db/basic/roles/reader/permissions",
                "[{\"resource\":{\"name\":\"(\",\"type\":\"DATASOURCE\"},\"action\":\"READ\"}]").statusCode()).isEqualTo(400);
        assertThat(security("POST", "/authorization/db/basic/roles/reader/permissions",
                "[{\"resource\":{\"name\":\"x\",\"type\":\"TABLE\"},\"action\":\"READ\"}]").statusCode()).isEqualTo(400);
        assertThat(security("POST", "/authorization/db/basic/roles/nobody/permissions", "[]").statusCode()).isEqualTo(404);
        assertThat(security("POST", "/authorization/db/basic/users/ghost/roles/reader", null).statusCode()).isEqualTo(404);
        assertThat(security("POST", "/authorization/db/basic/roles/reader", null).statusCode()).isEqualTo(409);
        assertThat(security("GET", "/authentication/db/other/users", null).statusCode()).isEqualTo(404);
        assertThat(security("POST", "/authentication/db/basic/users/bob/credentials", "{\"password\":\"short\"}").statusCode()).isEqualTo(400);
        assertThat(security("POST", "/authentication/db/basic/users/a%3Ab", null).statusCode()).isEqualTo(400);
        // the reader role is unchanged by the refused updates
        assertThat(sql(basic("alice", ALICE_PASSWORD), "SELECT COUNT(*) FROM orders").statusCode()).isEqualTo(200);
    }

    @Test
    void theAuditTrailRecordsQueriesRefusalsFailedLoginsAndChanges()
            throws Exception
    {
        String marker = "audit-marker-" + System.nanoTime();
        assertThat(sql(basic("alice", ALICE_PASSWORD), "SELECT '" + marker + "' FROM orders").statusCode()).isEqualTo(200);
        assertThat(sql(basic("alice", ALICE_PASSWORD), "SELECT '" + marker + "' FROM secret").statusCode()).isEqualTo(403);
        assertThat(sql(basic("alice", "wrong-password-" + marker), "SELECT 1").statusCode()).isEqualTo(401);

        assertThat(get(basic("alice", ALICE_PASSWORD), "/grove/v1/audit").statusCode()).as("the trail shows everyone's SQL: admins only").isEqualTo(403);
        assertThat(get(basic("admin", adminPassword), "/grove/v1/audit?limit=0").statusCode()).isEqualTo(400);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonNode events = NodeClients.JSON.readTree(get(basic("admin", adminPassword), "/grove/v1/audit?limit=10000").body());
            List<JsonNode> all = new ArrayList<>();
            events.forEach(all::add);
            boolean query = all.stream().anyMatch(event -> event.path("kind").asText().equals("query") && event.path("principal").asText().equals("alice")
                    && event.path("sql").asText().contains(marker) && event.path("outcome").asText().equals("OK") && event.path("tables").toString().equals("[\"orders\"]")
                    && event.path("frontDoor").asText().equals("http"));
            boolean refusedQuery = all.stream().anyMatch(event -> event.path("kind").asText().equals("query") && event.path("sql").asText().contains(marker)
                    && event.path("outcome").asText().equals("PERMISSION_DENIED"));
            boolean denied = all.stream().anyMatch(event -> event.path("kind").asText().equals("denied") && event.path("principal").asText().equals("alice")
                    && event.path("resource").asText().equals("secret"));
            boolean unauthenticated = all.stream().anyMatch(event -> event.path("kind").asText().equals("unauthenticated"));
            boolean change = all.stream().anyMatch(event -> event.path("kind").asText().equals("change") && event.path("principal").asText().equals("admin")
                    && event.path("target").asText().endsWith("/users/alice/roles/reader"));
            if (query && refusedQuery && denied && unauthenticated && change) {
                // never a password in the trail
                assertThat(events.toString()).doesNotContain(ALICE_PASSWORD).doesNotContain("wrong-password-" + marker);
                return;
            }
            assertThat(System.nanoTime()).as("audit events: query " + query + ", refused " + refusedQuery + ", denied " + denied + ", unauthenticated "
                    + unauthenticated + ", change " + change).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void apiKeysActAsTheirUserUntilRevoked()
            throws IOException
    {
        HttpResponse<String> created = send(basic("admin", adminPassword), HttpRequest.newBuilder(uri("/grove/v1/api-keys"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"writer\",\"description\":\"ingest job\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = NodeClients.JSON.readTree(created.body());
        String text = key.get("key").asText();
        assertThat(text).startsWith("grove_");

        ClientInterceptor bearer = new ClientInterceptor()
        {
            @Override
            public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(io.grpc.MethodDescriptor<Q, R> method, io.grpc.CallOptions options, io.grpc.Channel next)
            {
                return new io.grpc.ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options))
                {
                    @Override
                    public void start(Listener<R> listener, io.grpc.Metadata headers)
                    {
                        headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + text);
                        super.start(listener, headers);
                    }
                };
            }
        };
        assertThat(IngestServiceGrpc.newBlockingStub(channel(bearer)).produce(produce("orders", "Key Holder")).getCount()).isEqualTo(1);

        // listed without its secret; the secret is never shown again
        HttpResponse<String> listed = send(basic("admin", adminPassword), HttpRequest.newBuilder(uri("/grove/v1/api-keys?user=writer")).GET());
        assertThat(listed.body()).contains(key.get("id").asText()).doesNotContain(text);

        assertThat(send(basic("admin", adminPassword), HttpRequest.newBuilder(uri("/grove/v1/api-keys/" + key.get("id").asText())).DELETE()).statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> IngestServiceGrpc.newBlockingStub(channel(bearer)).produce(produce("orders", "Key Holder")))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        HttpResponse<String> forged = sqlWith("Bearer grove_" + "A".repeat(12) + "_" + "B".repeat(32), "SELECT 1");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(send(basic("admin", adminPassword), HttpRequest.newBuilder(uri("/grove/v1/api-keys/nope")).DELETE()).statusCode()).isEqualTo(404);
        assertThat(send(basic("admin", adminPassword), HttpRequest.newBuilder(uri("/grove/v1/api-keys")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"ghost\"}"))).statusCode()).isEqualTo(404);
    }

    @Test
    void asynchronousQueriesRunWithTheirSubmittersAccessAndBelongToThem()
            throws Exception
    {
        BasicCredentials alice = basic("alice", ALICE_PASSWORD);
        BasicCredentials bob = basic("bob", BOB_PASSWORD);
        String body = NodeClients.JSON.writeValueAsString(Map.of("query", "SELECT COUNT(*) AS n FROM orders", "request_id", "mine"));
        assertThat(send(null, HttpRequest.newBuilder(uri("/v1/queries")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(401);
        HttpResponse<String> submitted = send(alice, HttpRequest.newBuilder(uri("/v1/queries")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = NodeClients.JSON.readTree(submitted.body()).get("query_id").asText();
        String state = awaitFinished(alice, id);
        assertThat(state).isEqualTo("SUCCEEDED");
        // the same rows as the same query run at once by the same user
        assertThat(NodeClients.JSON.readTree(get(alice, "/v1/queries/" + id + "/results").body()).get("rows").toString())
                .isEqualTo(sql(alice, "SELECT COUNT(*) AS n FROM orders").body().strip());
        // to anyone else the query does not exist, and the same request id is theirs to use
        assertThat(get(bob, "/v1/queries/" + id).statusCode()).isEqualTo(404);
        assertThat(get(bob, "/v1/queries/" + id + "/results").statusCode()).isEqualTo(404);
        assertThat(get(bob, "/druid/v2/sql/statements/" + id).statusCode()).isEqualTo(404);
        assertThat(send(bob, HttpRequest.newBuilder(uri("/v1/queries/" + id)).DELETE()).statusCode()).isEqualTo(404);
        assertThat(get(alice, "/v1/queries/" + id).statusCode()).isEqualTo(200);
        // a table the submitter may not read fails the query as it would fail at once
        String secretBody = NodeClients.JSON.writeValueAsString(Map.of("query", "SELECT COUNT(*) FROM secret"));
        String secret = NodeClients.JSON.readTree(send(alice, HttpRequest.newBuilder(uri("/v1/queries")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(secretBody))).body()).get("query_id").asText();
        assertThat(awaitFinished(alice, secret)).isEqualTo("FAILED");
        assertThat(NodeClients.JSON.readTree(get(alice, "/v1/queries/" + secret).body()).get("error").get("category").asText()).isEqualTo("FORBIDDEN");
        // load numbers, like /status/health, need no credentials
        assertThat(get(null, "/health").statusCode()).isEqualTo(200);
    }

    private String awaitFinished(BasicCredentials credentials, String id)
            throws Exception
    {
        for (int i = 0; i < 1500; i++) {
            String state = NodeClients.JSON.readTree(get(credentials, "/v1/queries/" + id).body()).get("state").asText();
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return state;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("query " + id + " did not finish within 30 s");
    }

    private HttpResponse<String> sqlWith(String authorization, String sql)
            throws IOException
    {
        String body = NodeClients.JSON.writeValueAsString(Map.of("query", sql, "resultFormat", "array"));
        return sendTo(node, null, HttpRequest.newBuilder(uri("/druid/v2/sql")).header("Content-Type", "application/json").header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void permissionChangesApplyOnTheNextRequestAndSurviveRestart(@TempDir Path otherDir)
            throws IOException
    {
        try (GroveNode other = GroveNode.start(authConfig(otherDir, AuthConfig.on()))) {
            String password = other.generatedAdminPassword().orElseThrow();
            Function<String, HttpResponse<String>> asAdmin = path -> sendTo(other, basic("admin", password), HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + other.httpPort() + "/druid-ext/basic-security" + path)).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(asAdmin.apply("/authentication/db/basic/users/carol").statusCode()).isEqualTo(200);
        }
        try (GroveNode again = GroveNode.start(authConfig(otherDir, AuthConfig.on()))) {
            // no second admin and no new password: the first start's users are still there
            assertThat(again.generatedAdminPassword()).isEmpty();
            HttpResponse<String> users = sendTo(again, basic("admin", "wrong-password"),
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + again.httpPort() + "/status")).GET());
            assertThat(users.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void repeatedFailedLoginsAreRefusedForAWhile(@TempDir Path otherDir)
    {
        try (GroveNode limited = GroveNode.start(authConfig(otherDir, new AuthConfig(true, 3, false)))) {
            String password = limited.generatedAdminPassword().orElseThrow();
            HttpRequest.Builder status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + limited.httpPort() + "/status")).GET();
            for (int i = 0; i < 3; i++) {
                assertThat(sendTo(limited, basic("admin", "wrong-" + i), status).statusCode()).isEqualTo(401);
            }
            // even the right password waits until the window is over
            assertThat(sendTo(limited, basic("admin", password), status).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void withoutAuthenticationTheNodeRefusesToListenBeyondLoopback(@TempDir Path otherDir)
    {
        assertThatThrownBy(() -> GroveNode.start(GroveConfig.defaults().withDataDir(otherDir).withPorts(0, 0).withHost("0.0.0.0")))
                .hasMessageContaining("Refusing to listen on 0.0.0.0 without authentication")
                .hasMessageContaining("--auth");
    }

    private static GroveConfig authConfig(Path dataDir, AuthConfig auth)
    {
        return GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0).withAuth(auth);
    }

    private static ProduceRequest produce(String target, String customer)
    {
        String value = "{\"timestamp\":\"" + Instant.now() + "\",\"customerName\":\"" + customer + "\",\"status\":\"COMPLETED\",\"quantity\":1,\"amount\":1.5}";
        return ProduceRequest.newBuilder().setTarget(target).addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8(value))).build();
    }

    private static BasicCredentials basic(String user, String password)
    {
        return BasicCredentials.of(user, password);
    }

    private ManagedChannel channel(ClientInterceptor credentials)
    {
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext();
        if (credentials != null) {
            builder.intercept(credentials);
        }
        ManagedChannel channel = builder.build();
        channels.add(channel);
        return channel;
    }

    private HttpResponse<String> sql(BasicCredentials credentials, String sql)
            throws IOException
    {
        String body = NodeClients.JSON.writeValueAsString(Map.of("query", sql, "resultFormat", "array"));
        return send(credentials, HttpRequest.newBuilder(uri("/druid/v2/sql")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> get(BasicCredentials credentials, String path)
    {
        return send(credentials, HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> security(String method, String path, String body)
    {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return send(basic("admin", adminPassword), HttpRequest.newBuilder(uri("/druid-ext/basic-security" + path))
                .header("Content-Type", "application/json").method(method, publisher));
    }

    private HttpResponse<String> send(BasicCredentials credentials, HttpRequest.Builder request)
    {
        return sendTo(node, credentials, request);
    }

    private HttpResponse<String> sendTo(GroveNode target, BasicCredentials credentials, HttpRequest.Builder request)
    {
        if (credentials != null) {
            request.header("Authorization", credentials.headerValue());
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path)
    {
        return URI.create("http://127.0.0.1:" + node.httpPort() + path);
    }

    private static String message(HttpResponse<String> response)
            throws IOException
    {
        return NodeClients.JSON.readTree(response.body()).get("errorMessage").asText();
    }

}
