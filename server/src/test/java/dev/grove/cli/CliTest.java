package dev.grove.cli;

import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's client commands against a real node, as a user runs them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest
{
    @TempDir
    static Path directory;

    private GroveNode node;

    private record Run(int exitCode, String out, String err) {}

    @BeforeAll
    void startNode()
    {
        node = GroveNode.start(GroveConfig.defaults().withDataDir(directory.resolve("data")).withPorts(0, 0));
    }

    @AfterAll
    void stopNode()
    {
        node.close();
    }

    private synchronized Run grove(String... arguments)
    {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of("--http-port", String.valueOf(node.httpPort()), "--grpc-port", String.valueOf(node.grpcPort())));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int exitCode = new CommandLine(new GroveCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(all.toArray(String[]::new));
            return new Run(exitCode, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        }
        finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void createProduceQueryDescribeDrop()
            throws IOException
    {
        Run created = grove("datasource", "create", "clicks", "--timestamp", "ts:millis", "-d", "page", "-m", "durationMs:long");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created datasource clicks");

        Path events = directory.resolve("clicks.jsonl");
        Files.writeString(events, """
                {"ts": 1000, "page": "/a", "durationMs": 5}

                {"ts": 2000, "page": "/b", "durationMs": 7}
                {"ts": "soon", "page": "/c"}
                not json
                {"ts": 3000, "page": "/a", "durationMs": 9}
                """);
        Run produced = grove("produce", "clicks", events.toString());
        assertThat(produced.exitCode()).as("some lines were refused").isEqualTo(1);
        assertThat(produced.out()).contains("3 events acknowledged into clicks").contains("2 refused");
        assertThat(produced.err()).contains("line 4: Record rejected: timestamp field 'ts'").contains("line 5: Record rejected: value is not valid JSON");

        Run query = grove("sql", "SELECT page, SUM(durationMs) AS total FROM clicks GROUP BY 1 ORDER BY 1");
        assertThat(query.exitCode()).isZero();
        assertThat(query.out()).contains("| page | total |").contains("| /a   |    14 |").contains("| /b   |     7 |").contains("(2 rows)");

        Run csv = grove("sql", "--format", "csv", "SELECT COUNT(*) FROM clicks");
        assertThat(csv.out()).startsWith("EXPR$0\n3\n");

        Run described = grove("datasource", "describe", "clicks");
        assertThat(described.out()).contains("Datasource clicks: 3 rows; __time from 'ts' (millis)").contains("| durationMs | LONG      | metric    |");

        assertThat(grove("datasource", "list").out()).contains("| clicks |");
        assertThat(grove("datasource", "drop", "clicks").out()).contains("Dropped datasource clicks");
        Run gone = grove("sql", "SELECT COUNT(*) FROM clicks");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("ERROR: Object 'clicks' not found");
    }

    @Test
    void errorsAreOneLineAndExitNonZero()
    {
        Run syntax = grove("sql", "SELECT FROM nowhere");
        assertThat(syntax.exitCode()).isEqualTo(1);
        assertThat(syntax.err()).startsWith("ERROR: Incorrect syntax");

        Run unknown = grove("datasource", "describe", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("ERROR: Datasource 'nope' does not exist");

        Run badMetric = grove("datasource", "create", "bad", "-m", "amount");
        assertThat(badMetric.exitCode()).isEqualTo(2);
        assertThat(badMetric.err()).contains("Metric 'amount' needs a type");

        Run duplicate = grove("datasource", "create", "twice", "-d", "a");
        assertThat(duplicate.exitCode()).isZero();
        Run again = grove("datasource", "create", "twice", "-d", "a");
        assertThat(again.err()).contains("already exists");
        assertThat(grove("datasource", "create", "twice", "-d", "a", "--if-not-exists").exitCode()).isZero();
    }
}
