package dev.grove.node;

import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code psql} against Grove: {@code \dt}, {@code \d events}, a query, several statements in
 * one command and an error. Skipped, saying so, when psql is not installed ({@code .ci/run} installs
 * postgresql-client where apt-get can).
 */
class PgWirePsqlTest
{
    @TempDir
    static Path dataDir;

    private static GroveNode node;

    @BeforeAll
    static void start()
            throws Exception
    {
        Assumptions.assumeTrue(psqlInstalled(), "psql is not installed (apt-get install postgresql-client); skipping the psql test");
        node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0));
        try (NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.create(NodeClients.events("events"));
            assertThat(clients.produce("events", List.of(
                    "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"customerName\":\"Ada\",\"status\":\"OK\",\"quantity\":2,\"amount\":2.5}",
                    "{\"timestamp\":\"2026-01-01T00:01:00Z\",\"customerName\":\"Bob\",\"status\":\"OK\",\"quantity\":3,\"amount\":10}",
                    "{\"timestamp\":\"2026-01-01T00:02:00Z\",\"customerName\":\"Ada\",\"status\":\"FAILED\",\"quantity\":1,\"amount\":0.25}")).getCount()).isEqualTo(3);
        }
    }

    @AfterAll
    static void stop()
    {
        if (node != null) {
            node.close();
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

    private record Run(int exitCode, String out, String err) {}

    /** psql with no .psqlrc, unaligned output, tuples only when asked, each command given with -c. */
    private static Run psql(boolean tuplesOnly, String... commands)
            throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String.valueOf(node.pgPort()),
                "-U", "grove", "-d", "grove"));
        if (tuplesOnly) {
            command.add("-t");
        }
        for (String each : commands) {
            command.add("-c");
            command.add(each);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        builder.environment().remove("PGPASSWORD");
        Path out = Files.createTempFile(dataDir, "psql", ".out");
        Path err = Files.createTempFile(dataDir, "psql", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("psql did not finish within 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void listsTablesAndDescribesOne()
            throws Exception
    {
        Run tables = psql(true, "\\dt");
        assertThat(tables.exitCode()).as(tables.err()).isZero();
        assertThat(tables.out().lines()).containsExactly("druid|events|table|grove");

        Run describe = psql(false, "\\d events");
        assertThat(describe.exitCode()).as(describe.err()).isZero();
        assertThat(describe.out().lines()).containsSubsequence(
                "Table \"druid.events\"",
                "Column|Type|Collation|Nullable|Default",
                "__time|timestamp without time zone||not null|",
                "customerName|character varying|||",
                "status|character varying|||",
                "quantity|bigint|||",
                "amount|double precision|||");
    }

    @Test
    void otherMetaCommandsAnswerFromTheCatalog()
            throws Exception
    {
        Run run = psql(true, "\\l", "\\dn", "\\d+ events", "\\du", "\\dv", "\\df", "\\dT", "SELECT current_schema(), version()");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("grove|grove|UTF8|C|C|").contains("druid|grove").contains("amount|double precision||||plain|")
                .contains("druid|PostgreSQL 14.0 (Grove");
    }

    @Test
    void runsQueriesAndSeveralStatementsInOneCommand()
            throws Exception
    {
        Run query = psql(true, "SELECT customerName, SUM(quantity) AS q, SUM(amount) AS a FROM events GROUP BY 1 ORDER BY 1",
                "SELECT COUNT(*) FROM events; SHOW server_version");
        assertThat(query.exitCode()).as(query.err()).isZero();
        assertThat(query.out().lines()).containsExactly("Ada|3|2.75", "Bob|3|10", "3", "14.0 (Grove)");
    }

    @Test
    void reportsErrorsWithTheirPosition()
            throws Exception
    {
        Run error = psql(true, "SELECT nope FROM events");
        assertThat(error.exitCode()).isNotZero();
        assertThat(error.err()).contains("ERROR:  Column 'nope' not found");
        Run unknown = psql(false, "SELECT * FROM nowhere");
        assertThat(unknown.err()).contains("ERROR:  Object 'nowhere' not found").contains("LINE 1: SELECT * FROM nowhere");
    }
}
