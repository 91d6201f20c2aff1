package dev.grove.node;

import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import dev.grove.config.PgConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS on the PostgreSQL port from PEM files: JDBC and psql verify the server's certificate, plain
 * clients still connect, and bad TLS settings stop the node at start with a clear message.
 */
class PgWireTlsTest
{
    @TempDir
    Path directory;

    private Path fixture(String name)
            throws Exception
    {
        Path file = directory.resolve(name);
        Files.copy(Path.of(PgWireTlsTest.class.getResource("/dev/grove/protocol/pg/" + name).toURI()), file);
        return file;
    }

    private GroveConfig config(PgConfig pg)
    {
        return ConfigLoader.fromProperties(Map.of()).withDataDir(directory.resolve("data")).withPorts(0, 0).withPg(pg.withPort(0));
    }

    @Test
    void clientsVerifyTheServerCertificateAndPlainClientsStillConnect()
            throws Exception
    {
        Path certificate = fixture("test-cert.pem");
        Path key = fixture("test-key.pem");
        GroveConfig defaults = ConfigLoader.fromProperties(Map.of());
        try (GroveNode node = GroveNode.start(config(defaults.pg().withTls(certificate.toString(), key.toString())))) {
            String base = "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/grove?user=grove";
            // verify-full: the certificate must chain to the given root and name 127.0.0.1, so this is TLS with Grove's certificate
            try (Connection connection = DriverManager.getConnection(base + "&sslmode=verify-full&sslrootcert=" + certificate);
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 40 + 2")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
            try (Connection connection = DriverManager.getConnection(base + "&sslmode=disable")) {
                assertThat(connection.isValid(5)).isTrue();
            }
            if (psqlInstalled()) {
                ProcessBuilder psql = new ProcessBuilder("psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", String.valueOf(node.pgPort()), "-U", "grove", "-d", "grove",
                        "-c", "\\conninfo", "-c", "SELECT 42").redirectErrorStream(true);
                psql.environment().put("PGSSLMODE", "verify-full");
                psql.environment().put("PGSSLROOTCERT", certificate.toString());
                psql.environment().put("PGCONNECT_TIMEOUT", "10");
                Process process = psql.start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).as(out).isZero();
                assertThat(out).contains("SSL connection (protocol: TLS").contains("42");
            }
            // data sent right behind the SSLRequest, before the answer, is refused (it would skip the handshake)
            try (Socket socket = new Socket("127.0.0.1", node.pgPort())) {
                socket.setSoTimeout(30_000);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeInt(8);
                out.writeInt(80877103);
                out.writeInt(8);
                out.writeInt(196608);
                out.flush();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                assertThat(in.readUnsignedByte()).isEqualTo('E');
                byte[] body = new byte[in.readInt() - 4];
                in.readFully(body);
                assertThat(new String(body, StandardCharsets.UTF_8)).contains("08P01").contains("unencrypted data after SSL request");
            }
        }
    }

    @Test
    void badTlsSettingsStopTheNodeAtStart()
            throws Exception
    {
        Path certificate = fixture("test-cert.pem");
        Path key = fixture("test-key.pem");
        GroveConfig defaults = ConfigLoader.fromProperties(Map.of());
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.pg.tlsCertFile", certificate.toString())))
                .hasMessageContaining("grove.pg.tlsCertFile and grove.pg.tlsKeyFile go together");
        Path pkcs1 = directory.resolve("rsa-key.pem");
        Files.write(pkcs1, List.of("-----BEGIN RSA PRIVATE KEY-----", "AAAA", "-----END RSA PRIVATE KEY-----"));
        assertThatThrownBy(() -> GroveNode.start(config(defaults.pg().withTls(certificate.toString(), pkcs1.toString()))))
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> GroveNode.start(config(defaults.pg().withTls(key.toString(), key.toString()))))
                .hasMessageContaining("certificate");
        assertThatThrownBy(() -> GroveNode.start(config(defaults.pg().withTls(directory.resolve("missing.pem").toString(), key.toString()))))
                .hasMessageContaining("missing.pem");
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
}
