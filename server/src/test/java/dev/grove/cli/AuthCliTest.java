package dev.grove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.client.BasicCredentials;
import dev.grove.config.AuthConfig;
import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CLI and the demo against a node with authentication on.
 */
class AuthCliTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void clientCommandsSayHowToAuthenticate()
    {
        try (GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0).withAuth(AuthConfig.on()))) {
            String port = String.valueOf(node.httpPort());
            CliRun anonymous = CliRun.of(List.of("sql", "--http-port", port, "SELECT 1"));
            assertThat(anonymous.exitCode()).isEqualTo(1);
            assertThat(anonymous.err()).contains("Authentication required").contains("--user");

            CliRun list = CliRun.of(List.of("datasource", "list", "--http-port", port));
            assertThat(list.exitCode()).isEqualTo(1);
            assertThat(list.err()).contains("--user");

            assumeTrue(System.getenv("GROVE_PASSWORD") == null, "GROVE_PASSWORD is set in this environment");
            CliRun noPassword = CliRun.of(List.of("sql", "--http-port", port, "--user", "admin", "SELECT 1"));
            assertThat(noPassword.exitCode()).isEqualTo(2);
            assertThat(noPassword.err()).contains("needs a password: set GROVE_PASSWORD").doesNotContain("Exception");
        }
    }

    @Test
    void rolesAndUsersFromTheCli()
    {
        try (GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0))) {
            String port = String.valueOf(node.httpPort());
            assertThat(CliRun.of(List.of("role", "create", "analyst", "--http-port", port)).exitCode()).isEqualTo(0);
            CliRun granted = CliRun.of(List.of("role", "permissions", "analyst", "--grant", "DATASOURCE:orders.*:READ", "--grant", "state:STATE:read", "--http-port", port));
            assertThat(granted.exitCode()).as(granted.err()).isEqualTo(0);
            CliRun listed = CliRun.of(List.of("role", "list", "--http-port", port));
            assertThat(listed.out()).contains("analyst").contains("DATASOURCE:orders.*:READ").contains("STATE:STATE:READ");
            CliRun bad = CliRun.of(List.of("role", "permissions", "analyst", "--grant", "TABLE:x:READ", "--http-port", port));
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.err()).contains("unknown resource type");
            assertThat(CliRun.of(List.of("user", "grant", "ghost", "analyst", "--http-port", port)).err()).contains("User [ghost] does not exist");
            assumeTrue(System.getenv("GROVE_NEW_PASSWORD") == null, "GROVE_NEW_PASSWORD is set in this environment");
            CliRun noPassword = CliRun.of(List.of("user", "create", "bob", "--http-port", port));
            assertThat(noPassword.exitCode()).isEqualTo(2);
            assertThat(noPassword.err()).contains("Set GROVE_NEW_PASSWORD");
        }
    }

    @Test
    void theDemoProducesAsItsOwnUser()
            throws Exception
    {
        GroveConfig config = GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0).withAuth(AuthConfig.on());
        try (GroveNode node = GroveNode.start(config)) {
            String admin = BasicCredentials.of("admin", node.generatedAdminPassword().orElseThrow()).headerValue();
            HttpClient http = HttpClient.newHttpClient();
            try (AutoCloseable demo = DemoLauncher.start(node)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (count(http, node, admin) == 0) {
                    assertThat(System.nanoTime()).as("the demo produced orders within 60 s").isLessThan(deadline);
                    Thread.sleep(200);
                }
            }
            // the demo's user may write the demo's datasources, and nothing else
            assertThat(node.securityAdmin().store().rolesOf("demo")).containsExactly("demo");
        }
    }

    private static long count(HttpClient http, GroveNode node, String authorization)
            throws Exception
    {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/druid/v2/sql"))
                .header("Content-Type", "application/json").header("Authorization", authorization).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", "SELECT COUNT(*) FROM orders", "resultFormat", "array"))))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get(0).get(0).asLong();
    }
}
