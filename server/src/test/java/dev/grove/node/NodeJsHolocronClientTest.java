package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard's Node.js Holocron client, as its design document writes it ({@code @grpc/grpc-js} and
 * {@code @grpc/proto-loader} installed from npm by this test, Grove's own {@code holocronproxy.proto},
 * {@code resultFormat: 5}, {@code JSON.parse(response.data.toString())}), against a real node over
 * {@code Proxy} and {@code LaneOneProxy}.
 */
class NodeJsHolocronClientTest
{
    @TempDir
    Path dataDir;
    @TempDir
    Path npmDir;

    @Test
    void theDashboardClientRunsUnchanged()
            throws Exception
    {
        assumeTrue(run(List.of("node", "--version"), Path.of("."), 30).exitCode() == 0, "node is not installed");
        Result install = run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "@grpc/grpc-js@1", "@grpc/proto-loader@0"), npmDir, 300);
        assertThat(install.exitCode()).as("npm install: " + install.output()).isZero();
        Files.copy(Path.of("src", "test", "resources", "nodejs", "holocron-client.js"), npmDir.resolve("holocron-client.js"));

        GroveConfig config = ConfigLoader.fromProperties(Map.of("grove.log.fsync", "false")).withDataDir(dataDir).withPorts(0, 0);
        try (GroveNode node = GroveNode.start(config); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.create(NodeClients.events("orders"));
            clients.produce("orders", List.of(
                    "{\"timestamp\":\"2026-03-01T10:00:00Z\",\"customerName\":\"Ada\",\"status\":\"COMPLETED\",\"quantity\":2,\"amount\":20.5}",
                    "{\"timestamp\":\"2026-03-01T10:01:00Z\",\"customerName\":\"Alan\",\"status\":\"FAILED\",\"quantity\":1,\"amount\":9.5}"));
            List<String> command = new ArrayList<>(List.of("node", "holocron-client.js", "127.0.0.1:" + node.grpcPort(),
                    Path.of("..", "proto", "src", "main", "proto").toAbsolutePath().normalize().toString()));
            command.addAll(List.of(
                    "Proxy", "SELECT COUNT(*) AS total, SUM(CASE WHEN status = 'COMPLETED' THEN 1 ELSE 0 END) AS successful, "
                            + "SUM(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END) AS failed FROM orders",
                    "LaneOneProxy", "SELECT MAX(__time) AS latest FROM orders",
                    "Proxy", "SELECT nope FROM orders",
                    "Proxy", "SELECT customerName FROM orders ORDER BY customerName"));
            Result client = run(command, npmDir, 120);
            assertThat(client.exitCode()).as(client.output()).isZero();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : client.output().lines().toList()) {
                lines.add(NodeClients.JSON.readTree(line));
            }
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0).get("result").toString()).isEqualTo("[2,1,1]");
            assertThat(lines.get(1).get("result").toString()).isEqualTo("[\"2026-03-01T10:01:00.000Z\"]");
            assertThat(lines.get(2).get("error").asText()).contains("nope");
            // JSON_ARRAY_LINES holds one JSON array per row, so the client's single JSON.parse fails on two rows,
            // as it would against Druid (same bytes): the client needs JSON_ARRAY, or to parse line by line
            assertThat(lines.get(3).get("error").asText()).containsIgnoringCase("JSON");
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, Path directory, long timeoutSeconds)
            throws Exception
    {
        // output to a file, so a process that hangs is cut off by the timeout instead of blocking a read
        Path log = Files.createTempFile("grove-nodejs-", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            }
            catch (java.io.IOException e) {
                return new Result(-1, e.getMessage());
            }
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        }
        finally {
            Files.deleteIfExists(log);
        }
    }
}
