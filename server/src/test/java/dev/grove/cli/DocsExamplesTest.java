package dev.grove.cli;

import dev.grove.client.GroveAdminClient;
import dev.grove.config.GroveConfig;
import dev.grove.demo.DemoDatasources;
import dev.grove.node.GroveNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell examples of README.md and docs/api.md, run as written against a real node: {@code ./grove}
 * commands through the CLI in-process (with the test node's port appended), {@code curl} commands
 * with Java's HTTP client (the URL pointed at the test node). Each must exit 0 or answer 2xx.
 * {@code ./grove start} and {@code ./mvnw} are the test's own node and build, and are not run again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsExamplesTest
{
    private static final List<Path> DOCUMENTS = List.of(Path.of("..", "README.md"), Path.of("..", "docs", "api.md"));

    @TempDir
    static Path directory;

    private GroveNode node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startNode()
    {
        node = GroveNode.start(GroveConfig.defaults().withDataDir(directory.resolve("data")).withPorts(0, 0));
        // the README queries the demo's datasources, as after ./grove start --demo
        try (GroveAdminClient admin = new GroveAdminClient("127.0.0.1:" + node.grpcPort())) {
            DemoDatasources.createAll(admin);
        }
    }

    @AfterAll
    void stopNode()
    {
        node.close();
    }

    @Test
    void shellExamplesRunAsWritten()
            throws Exception
    {
        List<String> ran = new ArrayList<>();
        for (Path document : DOCUMENTS) {
            for (List<String> command : ShellExamples.commands(Files.readString(document))) {
                String shown = document.getFileName() + ": " + String.join(" ", command);
                if (isNodeOrBuild(command) || isInteractive(command)) {
                    continue;
                }
                if (command.get(0).equals("./grove")) {
                    CliRun run = grove(command.subList(1, command.size()));
                    assertThat(run.exitCode()).as(shown + "\nstdout: " + run.out() + "\nstderr: " + run.err()).isZero();
                }
                else if (command.get(0).equals("psql")) {
                    if (!psqlInstalled()) {
                        continue;
                    }
                    CliRun run = psql(command);
                    assertThat(run.exitCode()).as(shown + "\nstdout: " + run.out() + "\nstderr: " + run.err()).isZero();
                }
                else if (command.get(0).equals("curl")) {
                    HttpResponse<String> response = http.send(ShellExamples.curlRequest(command, node.httpPort()), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(shown + "\n" + response.body()).isBetween(200, 299);
                }
                else {
                    throw new AssertionError(shown + ": the test does not know how to run '" + command.get(0) + "'; teach ShellExamples or DocsExamplesTest");
                }
                ran.add(shown);
            }
        }
        // the README's query, CLI and datasource examples; fewer means the parser lost some
        assertThat(ran).hasSizeGreaterThanOrEqualTo(7);
    }

    private static boolean psqlInstalled()
    {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(directory -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, "psql")));
    }

    /** psql as written, pointed at this node's PostgreSQL port instead of 5433. */
    private CliRun psql(List<String> command)
            throws IOException, InterruptedException
    {
        List<String> arguments = new ArrayList<>(command);
        arguments.replaceAll(argument -> argument.equals("5433") ? String.valueOf(node.pgPort()) : argument);
        arguments.add(1, "-X");
        ProcessBuilder builder = new ProcessBuilder(arguments).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        Process process = builder.start();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            }
            catch (IOException e) {
                return new byte[0];
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("psql did not finish within 60 s: " + command);
        }
        return new CliRun(process.exitValue(), out, new String(err.join(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static boolean isNodeOrBuild(List<String> command)
    {
        return command.get(0).equals("./mvnw") || (command.get(0).equals("./grove") && command.size() > 1 && command.get(1).equals("start"));
    }

    private static boolean isInteractive(List<String> command)
    {
        return command.equals(List.of("./grove", "sql"));
    }

    private CliRun grove(List<String> arguments)
            throws IOException
    {
        List<String> all = new ArrayList<>();
        String stdin = "";
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("<") && i + 1 < arguments.size()) {
                // "./grove sql < report.sql": the reader brings the script; stand in a small one
                stdin = sampleScript(arguments.get(++i));
                continue;
            }
            all.add(argument.endsWith(".jsonl") && !Files.exists(Path.of(argument)) ? sampleEvents(argument).toString() : argument);
        }
        // each client command takes the one port it talks to
        all.addAll(arguments.get(0).equals("produce")
                ? List.of("--grpc-port", String.valueOf(node.grpcPort()))
                : List.of("--http-port", String.valueOf(node.httpPort())));
        return CliRun.of(all, stdin);
    }

    /** A SQL script the example reads from stdin but the reader brings: two statements over the demo's datasources. */
    private static String sampleScript(String name)
    {
        if (!name.endsWith(".sql")) {
            throw new AssertionError("the test does not know what to feed from " + name + "; teach DocsExamplesTest.sampleScript");
        }
        return "SELECT COUNT(*) FROM orders;\nSELECT sagaStatus, COUNT(*) FROM orders GROUP BY 1;\n";
    }

    /** A file the example names but the reader brings: events fitting the README's clicks datasource. */
    private static Path sampleEvents(String name)
            throws IOException
    {
        Path file = directory.resolve(Path.of(name).getFileName());
        Files.writeString(file, """
                {"timestamp": "2026-01-01T00:00:00Z", "page": "/home", "country": "NL", "durationMs": 120}
                {"timestamp": "2026-01-01T00:00:01Z", "page": "/cart", "country": "SE", "durationMs": 45}
                """);
        return file;
    }
}
