package dev.grove.node;

import dev.grove.client.BasicCredentials;
import dev.grove.config.AuthConfig;
import dev.grove.config.GroveConfig;
import dev.grove.config.TlsConfig;
import dev.grove.gateway.TestCertificates;
import dev.grove.proto.admin.v1.AdminServiceGrpc;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.apache.druid.grpc.proto.QueryGrpc;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTP and gRPC over TLS from PEM files, and client certificates (mTLS) as credentials.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsEndToEndTest
{
    @TempDir
    static Path directory;

    private TestCertificates certificates;
    private GroveNode node;
    private String adminPassword;
    private final List<ManagedChannel> channels = new java.util.ArrayList<>();

    @BeforeAll
    void startNode()
            throws Exception
    {
        certificates = TestCertificates.create(directory);
        node = GroveNode.start(GroveConfig.defaults().withDataDir(directory.resolve("data")).withPorts(0, 0).withAuth(AuthConfig.on())
                .withTls(new TlsConfig(Optional.of(certificates.serverPem().toString()), Optional.of(certificates.serverKeyPem().toString()),
                        Optional.of(certificates.caPem().toString()))));
        adminPassword = node.generatedAdminPassword().orElseThrow();
        AdminServiceGrpc.newBlockingStub(tlsChannel(false)).withInterceptors(BasicCredentials.of("admin", adminPassword))
                .createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(NodeClients.events("orders")).build());
        // alice is the client certificate's CN; she may read orders
        HttpClient admin = https(false);
        String basic = BasicCredentials.of("admin", adminPassword).headerValue();
        for (String[] call : new String[][] {
                {"/druid-ext/basic-security/authentication/db/basic/users/alice", null},
                {"/druid-ext/basic-security/authorization/db/basic/roles/reader", null},
                {"/druid-ext/basic-security/authorization/db/basic/roles/reader/permissions", "[{\"resource\":{\"name\":\"orders\",\"type\":\"DATASOURCE\"},\"action\":\"READ\"}]"},
                {"/druid-ext/basic-security/authorization/db/basic/users/alice/roles/reader", null}}) {
            HttpResponse<String> response = admin.send(HttpRequest.newBuilder(uri(call[0])).header("Authorization", basic).header("Content-Type", "application/json")
                    .POST(call[1] == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call[1])).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(call[0] + " " + response.body()).isEqualTo(200);
        }
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
    void httpsServesWithTheConfiguredCertificateAndPlainHttpIsRefused()
            throws Exception
    {
        HttpClient client = https(false);
        assertThat(client.send(HttpRequest.newBuilder(uri("/status/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> sql = client.send(sqlRequest("SELECT COUNT(*) FROM orders").header("Authorization", BasicCredentials.of("admin", adminPassword).headerValue())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sql.statusCode()).as(sql.body()).isEqualTo(200);
        assertThatThrownBy(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/status/health")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aClientCertificateAuthenticatesItsCommonName()
            throws Exception
    {
        HttpResponse<String> withCertificate = https(true).send(sqlRequest("SELECT COUNT(*) FROM orders").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withCertificate.statusCode()).as(withCertificate.body()).isEqualTo(200);
        HttpResponse<String> notAllowed = https(true).send(HttpRequest.newBuilder(uri("/status")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notAllowed.statusCode()).as("alice lacks STATE READ").isEqualTo(403);
        HttpResponse<String> without = https(false).send(sqlRequest("SELECT COUNT(*) FROM orders").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(401);

        QueryRequest count = QueryRequest.newBuilder().setQuery("SELECT COUNT(*) FROM orders").setResultFormat(QueryResultFormat.JSON_ARRAY).build();
        assertThat(QueryGrpc.newBlockingStub(tlsChannel(true)).withDeadlineAfter(30, TimeUnit.SECONDS).submitQuery(count).getStatus()).isEqualTo(QueryStatus.OK);
        assertThatThrownBy(() -> QueryGrpc.newBlockingStub(tlsChannel(false)).withDeadlineAfter(30, TimeUnit.SECONDS).submitQuery(count))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void plaintextGrpcCannotTalkToTheTlsPort()
    {
        ManagedChannel plain = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
        channels.add(plain);
        assertThatThrownBy(() -> QueryGrpc.newBlockingStub(plain).withDeadlineAfter(10, TimeUnit.SECONDS)
                .submitQuery(QueryRequest.newBuilder().setQuery("SELECT 1").build()))
                .satisfies(e -> assertThat(Status.fromThrowable(e).getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.INTERNAL));
    }

    private HttpRequest.Builder sqlRequest(String sql)
            throws IOException
    {
        return HttpRequest.newBuilder(uri("/druid/v2/sql")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(NodeClients.JSON.writeValueAsString(Map.of("query", sql, "resultFormat", "array"))));
    }

    private HttpClient https(boolean withClientCertificate)
            throws Exception
    {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificates.store("server.p12").getCertificate("server"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = null;
        if (withClientCertificate) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(certificates.store("client.p12"), TestCertificates.PASSWORD.toCharArray());
        }
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private ManagedChannel tlsChannel(boolean withClientCertificate)
            throws Exception
    {
        var ssl = GrpcSslContexts.forClient().trustManager(certificates.serverPem().toFile());
        if (withClientCertificate) {
            ssl.keyManager(certificates.clientPem().toFile(), certificates.clientKeyPem().toFile());
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).sslContext(ssl.build()).build();
        channels.add(channel);
        return channel;
    }

    private URI uri(String path)
    {
        return URI.create("https://127.0.0.1:" + node.httpPort() + path);
    }
}
