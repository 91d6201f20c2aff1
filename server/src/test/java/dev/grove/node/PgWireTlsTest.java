package dev.grove.node;

import dev.grove.config.AuthConfig;
import dev.grove.config.GroveConfig;
import dev.grove.config.TlsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PG-wire with TLS (grove.tls.*) and authentication on: clients verify the server's certificate; a
 * password is asked for only inside TLS and checked by the gateway; a user sees and reads only the
 * datasources its roles allow, in queries and in the catalog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgWireTlsTest
{
    private static final String ALICE_PASSWORD = "alice-password-1";

    private Path directory;

    private GroveNode node;
    private Path certificate;
    private String adminPassword;
    private HttpClient https;

    @BeforeAll
    void start(@TempDir Path directory)
            throws Exception
    {
        this.directory = directory;
        certificate = fixture("test-cert.pem");
        Path key = fixture("test-key.pem");
        node = GroveNode.start(GroveConfig.defaults().withDataDir(directory.resolve("data")).withPorts(0, 0).withAuth(AuthConfig.on())
                .withTls(new TlsConfig(Optional.of(certificate.toString()), Optional.of(key.toString()), Optional.empty())));
        adminPassword = node.generatedAdminPassword().orElseThrow();
        https = HttpClient.newBuilder().sslContext(trusting(certificate)).build();
        for (String datasource : List.of("orders", "secret")) {
            assertThat(http("POST", "/grove/v1/datasources", "{\"name\":\"" + datasource + "\",\"timestampSpec\":{\"column\":\"timestamp\",\"format\":\"iso\"},"
                    + "\"dimensions\":[\"customerName\"],\"metrics\":[]}").statusCode()).isBetween(200, 201);
        }
        for (String[] call : List.of(
                new String[] {"/authentication/db/basic/users/alice", null},
                new String[] {"/authorization/db/basic/users/alice", null},
                new String[] {"/authentication/db/basic/users/alice/credentials", "{\"password\":\"" + ALICE_PASSWORD + "\"}"},
                new String[] {"/authorization/db/basic/roles/reader", null},
                new String[] {"/authorization/db/basic/roles/reader/permissions", "[{\"resource\":{\"name\":\"orders\",\"type\":\"DATASOURCE\"},\"action\":\"READ\"}]"},
                new String[] {"/authorization/db/basic/users/alice/roles/reader", null})) {
            HttpResponse<String> response = http("POST", "/druid-ext/basic-security" + call[0], call[1]);
            assertThat(response.statusCode()).as(call[0] + " " + response.body()).isEqualTo(200);
        }
    }

    @AfterAll
    void stop()
    {
        if (node != null) {
            node.close();
        }
    }

    private Path fixture(String name)
            throws Exception
    {
        Path file = directory.resolve(name);
        Files.copy(Path.of(PgWireTlsTest.class.getResource("/dev/grove/protocol/pg/" + name).toURI()), file);
        return file;
    }

    private static SSLContext trusting(Path certificate)
            throws Exception
    {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            store.setCertificateEntry("grove", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private HttpResponse<String> http(String method, String path, String body)
            throws Exception
    {
        return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpPort() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Connection connect(String user, String password, String sslMode)
            throws SQLException
    {
        String url = "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/grove?sslmode=" + sslMode + "&sslrootcert=" + certificate + "&connectTimeout=10";
        return DriverManager.getConnection(url, user, password);
    }

    @Test
    void tlsConnectionsSendAPasswordAndPlainOnesUseScram()
            throws Exception
    {
        // verify-full: the certificate must chain to the given root and name 127.0.0.1, so this is TLS with the node's certificate
        try (Connection connection = connect("admin", adminPassword, "verify-full"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM secret")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isZero();
        }
        // without TLS the password never travels: SCRAM-SHA-256
        try (Connection connection = connect("alice", ALICE_PASSWORD, "disable"); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM orders")) {
            assertThat(rows.next()).isTrue();
        }
        for (String sslMode : List.of("verify-full", "disable")) {
            SQLException wrongPassword = catchSql(() -> connect("alice", "not-her-password", sslMode));
            SQLException unknownUser = catchSql(() -> connect("mallory", "any-password", sslMode));
            assertThat(wrongPassword.getSQLState()).as(sslMode).isEqualTo("28P01");
            assertThat(unknownUser.getSQLState()).as(sslMode).isEqualTo("28P01");
            // a wrong password reads exactly like an unknown user, but for the name given
            assertThat(wrongPassword.getMessage()).as(sslMode).contains("password authentication failed for user \"alice\"");
            assertThat(unknownUser.getMessage()).as(sslMode).contains("password authentication failed for user \"mallory\"");
        }
    }

    @Test
    void aUserReadsAndSeesOnlyWhatItsRolesAllow()
            throws Exception
    {
        try (Connection connection = connect("alice", ALICE_PASSWORD, "verify-full"); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM orders")) {
                assertThat(rows.next()).isTrue();
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT COUNT(*) FROM secret"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).containsExactly("orders");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                    + "WHERE c.relname = 'secret'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isZero();
            }
        }
        try (Connection connection = connect("admin", adminPassword, "verify-full")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).containsExactly("orders", "secret");
        }
    }

    @Test
    void psqlConnectsWithTlsAndAPasswordOrPlainWithScram()
            throws Exception
    {
        if (!psqlInstalled()) {
            return;
        }
        ProcessBuilder plain = new ProcessBuilder("psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", String.valueOf(node.pgPort()), "-U", "alice", "-d", "grove",
                "-c", "SELECT 43").redirectErrorStream(true);
        plain.environment().put("PGSSLMODE", "disable");
        plain.environment().put("PGPASSWORD", ALICE_PASSWORD);
        plain.environment().put("PGCONNECT_TIMEOUT", "10");
        Process scram = plain.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String scramOut = new String(scram.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(scram.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(scram.exitValue()).as(scramOut).isZero();
        assertThat(scramOut).contains("43");

        ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", String.valueOf(node.pgPort()), "-U", "alice", "-d", "grove",
                "-c", "\\conninfo", "-c", "\\dt", "-c", "SELECT 42").redirectErrorStream(true);
        psql.environment().put("PGSSLMODE", "verify-full");
        psql.environment().put("PGSSLROOTCERT", certificate.toString());
        psql.environment().put("PGPASSWORD", ALICE_PASSWORD);
        psql.environment().put("PGCONNECT_TIMEOUT", "10");
        Process process = psql.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("SSL connection (protocol: TLS").contains("druid|orders|table").doesNotContain("secret").contains("42");
    }

    @Test
    void dataSentBehindTheSslRequestIsRefused()
            throws Exception
    {
        // bytes queued after the SSLRequest, before the answer, would skip the handshake (CVE-2021-23214)
        try (Socket socket = new Socket("127.0.0.1", node.pgPort())) {
            socket.setSoTimeout(30_000);
            // one write, so that both packets arrive together
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            DataOutputStream packets = new DataOutputStream(bytes);
            packets.writeInt(8);
            packets.writeInt(80877103);
            packets.writeInt(8);
            packets.writeInt(196608);
            socket.getOutputStream().write(bytes.toByteArray());
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readUnsignedByte()).isEqualTo('E');
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            assertThat(new String(body, StandardCharsets.UTF_8)).contains("08P01").contains("unencrypted data after SSL request");
        }
    }

    private static boolean psqlInstalled()
    {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "psql"))) {
                return true;
            }
        }
        return false;
    }

    @FunctionalInterface
    private interface SqlCall
    {
        Object call()
                throws SQLException;
    }

    private static SQLException catchSql(SqlCall call)
    {
        try {
            call.call();
        }
        catch (SQLException e) {
            return e;
        }
        throw new AssertionError("expected the call to fail");
    }
}
