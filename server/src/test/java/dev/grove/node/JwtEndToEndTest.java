package dev.grove.node;

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
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import org.apache.druid.grpc.proto.QueryGrpc;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bearer tokens (JWTs) checked against a JWKS file, over HTTP and gRPC: signature, issuer, audience,
 * expiry; groups become roles, and claims feed row filters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtEndToEndTest
{
    private static final String ISSUER = "https://idp.example.test/";
    private static final String AUDIENCE = "grove";

    @TempDir
    static Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private KeyPair trusted;
    private KeyPair untrusted;
    private GroveNode node;
    private ManagedChannel channel;

    @BeforeAll
    void startNode()
            throws Exception
    {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        trusted = generator.generateKeyPair();
        untrusted = generator.generateKeyPair();
        RSAPublicKey key = (RSAPublicKey) trusted.getPublic();
        Path jwks = dataDir.resolve("jwks.json");
        Files.writeString(jwks, "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"k1\",\"alg\":\"RS256\",\"n\":\"" + base64(unsigned(key.getModulus()))
                + "\",\"e\":\"" + base64(unsigned(key.getPublicExponent())) + "\"}]}");
        node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir.resolve("data")).withPorts(0, 0)
                .withAuth(AuthConfig.on().withJwt(jwks.toString(), ISSUER, Optional.of(AUDIENCE))));
        BasicCredentials admin = BasicCredentials.of("admin", node.generatedAdminPassword().orElseThrow());
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
        AdminServiceGrpc.newBlockingStub(channel).withInterceptors(admin)
                .createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(NodeClients.events("orders")).build());
        ProduceRequest.Builder produce = ProduceRequest.newBuilder().setTarget("orders");
        for (String customer : List.of("acme", "acme", "globex")) {
            produce.addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8("{\"timestamp\":\"" + Instant.now() + "\",\"customerName\":\"" + customer
                    + "\",\"status\":\"COMPLETED\",\"quantity\":1,\"amount\":1.0}")));
        }
        IngestServiceGrpc.newBlockingStub(channel).withInterceptors(admin).produce(produce.build());
        String auth = admin.headerValue();
        send(auth, "POST", "/druid-ext/basic-security/authorization/db/basic/roles/analysts", null);
        send(auth, "POST", "/druid-ext/basic-security/authorization/db/basic/roles/analysts/permissions",
                "[{\"resource\":{\"name\":\"orders\",\"type\":\"DATASOURCE\"},\"action\":\"READ\"}]");
        assertThat(send(auth, "PUT", "/grove/v1/policies/analysts/orders", "{\"rowFilter\":\"customerName = :claims.tenant\"}").statusCode()).isEqualTo(200);
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
    void aValidTokensGroupsAreRolesAndItsClaimsFilterRows()
            throws Exception
    {
        String token = token(trusted, "k1", Map.of("iss", ISSUER, "aud", AUDIENCE, "sub", "dana", "exp", now() + 300, "tenant", "acme", "groups", List.of("analysts")));
        HttpResponse<String> response = sql("Bearer " + token, "SELECT customerName, COUNT(*) FROM orders GROUP BY 1");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body().trim()).isEqualTo("[[\"acme\",2]]");

        // the same token over gRPC metadata
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        QueryGrpc.QueryBlockingStub query = QueryGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
        assertThat(query.submitQuery(QueryRequest.newBuilder().setQuery("SELECT COUNT(*) FROM orders").setResultFormat(QueryResultFormat.JSON_ARRAY).build())
                .getData().toStringUtf8()).contains("2");

        String noTenant = token(trusted, "k1", Map.of("iss", ISSUER, "aud", AUDIENCE, "sub", "erin", "exp", now() + 300, "groups", List.of("analysts")));
        assertThat(sql("Bearer " + noTenant, "SELECT COUNT(*) FROM orders").body().trim()).isEqualTo("[[0]]");
        String noGroups = token(trusted, "k1", Map.of("iss", ISSUER, "aud", AUDIENCE, "sub", "frank", "exp", now() + 300));
        assertThat(sql("Bearer " + noGroups, "SELECT COUNT(*) FROM orders").statusCode()).isEqualTo(403);
    }

    @Test
    void badTokensAreRefusedAlike()
            throws Exception
    {
        Map<String, Object> valid = Map.of("iss", ISSUER, "aud", AUDIENCE, "sub", "dana", "exp", now() + 300, "groups", List.of("analysts"));
        List<String> bad = List.of(
                token(trusted, "k1", with(valid, "exp", now() - 3600)),
                token(trusted, "k1", with(valid, "nbf", now() + 3600)),
                token(trusted, "k1", with(valid, "iss", "https://evil.example.test/")),
                token(trusted, "k1", with(valid, "aud", "someone-else")),
                token(untrusted, "k1", valid),
                token(trusted, "unknown-kid", valid),
                unsigned(valid),
                "not.a.jwt",
                "garbage");
        String expected = null;
        for (String token : bad) {
            HttpResponse<String> response = sql("Bearer " + token, "SELECT COUNT(*) FROM orders");
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            String message = NodeClients.JSON.readTree(response.body()).get("errorMessage").asText();
            expected = expected == null ? message : expected;
            assertThat(message).isEqualTo(expected);
        }
        assertThatThrownBy(() -> {
            Metadata metadata = new Metadata();
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bad.get(0));
            QueryGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .submitQuery(QueryRequest.newBuilder().setQuery("SELECT 1").build());
        }).satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value)
    {
        Map<String, Object> changed = new java.util.HashMap<>(claims);
        changed.put(name, value);
        return changed;
    }

    private static long now()
    {
        return Instant.now().getEpochSecond();
    }

    private static String token(KeyPair keys, String kid, Map<String, Object> claims)
            throws Exception
    {
        String signingInput = base64(NodeClients.JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", kid))) + "."
                + base64(NodeClients.JSON.writeValueAsBytes(claims));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(keys.getPrivate());
        signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + base64(signature.sign());
    }

    private static String unsigned(Map<String, Object> claims)
            throws Exception
    {
        return base64(NodeClients.JSON.writeValueAsBytes(Map.of("alg", "none", "kid", "k1"))) + "." + base64(NodeClients.JSON.writeValueAsBytes(claims)) + ".";
    }

    private static byte[] unsigned(BigInteger value)
    {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String base64(byte[] bytes)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private HttpResponse<String> sql(String authorization, String sql)
            throws Exception
    {
        return send(authorization, "POST", "/druid/v2/sql", NodeClients.JSON.writeValueAsString(Map.of("query", sql, "resultFormat", "array")));
    }

    private HttpResponse<String> send(String authorization, String method, String path, String body)
            throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .header("Authorization", authorization).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
