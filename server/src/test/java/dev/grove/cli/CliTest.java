package dev.grove.cli;

import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

    private CliRun grove(String... arguments)
    {
        List<String> all = new ArrayList<>(List.of(arguments));
        // each command takes the one port it talks to
        all.addAll(arguments[0].equals("produce")
                ? List.of("--grpc-port", String.valueOf(node.grpcPort()))
                : List.of("--http-port", String.valueOf(node.httpPort())));
        return run(all);
    }

    /** Runs {@code grove sql} with {@code script} as its stdin, as `... | ./grove sql` does. */
    private CliRun sqlScript(String script, String... arguments)
    {
        List<String> all = new ArrayList<>(List.of("sql"));
        all.addAll(List.of(arguments));
        all.addAll(List.of("--http-port", String.valueOf(node.httpPort())));
        return CliRun.of(all, script);
    }

    private CliRun run(List<String> all)
    {
        return CliRun.of(all);
    }

    @Test
    void createProduceQueryDescribeDrop()
            throws IOException
    {
        CliRun created = grove("datasource", "create", "clicks", "--timestamp", "ts:millis", "-d", "page", "-m", "durationMs:long");
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
        CliRun produced = grove("produce", "clicks", events.toString());
        assertThat(produced.exitCode()).as("some lines were refused").isEqualTo(1);
        assertThat(produced.out()).contains("3 events acknowledged into clicks").contains("2 refused");
        assertThat(produced.err()).contains("line 4: Record rejected: timestamp field 'ts'").contains("line 5: Record rejected: value is not valid JSON");

        CliRun query = grove("sql", "SELECT page, SUM(durationMs) AS total FROM clicks GROUP BY 1 ORDER BY 1");
        assertThat(query.exitCode()).isZero();
        assertThat(query.out()).contains("| page | total |").contains("| /a   |    14 |").contains("| /b   |     7 |").contains("(2 rows)");

        CliRun csv = grove("sql", "--format", "csv", "SELECT COUNT(*) FROM clicks");
        assertThat(csv.out()).startsWith("EXPR$0\n3\n");

        CliRun described = grove("datasource", "describe", "clicks");
        assertThat(described.out()).contains("Datasource clicks: 3 rows; __time from 'ts' (millis)").contains("| durationMs | LONG      | metric    |");

        assertThat(grove("datasource", "list").out()).contains("| clicks |");
        assertThat(grove("datasource", "drop", "clicks").out()).contains("Dropped datasource clicks");
        CliRun gone = grove("sql", "SELECT COUNT(*) FROM clicks");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("ERROR: Object 'clicks' not found");
    }

    @Test
    void errorsAreOneLineAndExitNonZero()
    {
        CliRun syntax = grove("sql", "SELECT FROM nowhere");
        assertThat(syntax.exitCode()).isEqualTo(1);
        assertThat(syntax.err()).startsWith("ERROR: Incorrect syntax");

        CliRun unknown = grove("datasource", "describe", "nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("ERROR: Datasource 'nope' does not exist");

        CliRun badMetric = grove("datasource", "create", "bad", "-m", "amount");
        assertThat(badMetric.exitCode()).isEqualTo(2);
        assertThat(badMetric.err()).contains("Metric 'amount' needs a type");

        CliRun duplicate = grove("datasource", "create", "twice", "-d", "a");
        assertThat(duplicate.exitCode()).isZero();
        CliRun again = grove("datasource", "create", "twice", "-d", "a");
        assertThat(again.err()).contains("already exists");
        CliRun ifNotExists = grove("datasource", "create", "twice", "-d", "a", "--if-not-exists");
        assertThat(ifNotExists.exitCode()).isZero();
        assertThat(ifNotExists.out()).contains("Datasource twice already exists with this schema; nothing changed").doesNotContain("Created");
    }

    @Test
    void portFlagsAreNeverIgnored()
    {
        CliRun list = run(List.of("datasource", "list", "--grpc-port", "25090"));
        assertThat(list.exitCode()).isEqualTo(2);
        assertThat(list.err()).contains("Unknown options: '--grpc-port'").contains("--http-port");
    }

    @Test
    void produceRefusesBadArgumentsBeforeSendingAnything()
            throws IOException
    {
        assertThat(grove("datasource", "create", "visits", "--timestamp", "ts:auto", "-d", "page").exitCode()).isZero();
        Path events = directory.resolve("visits.jsonl");
        Files.writeString(events, "{\"ts\": 1000, \"page\": \"/a\"}\n");

        CliRun zero = grove("produce", "visits", events.toString(), "--batch-size", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--batch-size must be between 1 and 10000").doesNotContain("Exception");
        CliRun tooLarge = grove("produce", "visits", events.toString(), "--batch-size", "20000");
        assertThat(tooLarge.exitCode()).isEqualTo(2);

        CliRun missing = grove("produce", "visits", directory.resolve("nope.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist").doesNotContain("Exception");

        CliRun typo = grove("produce", "visit", events.toString());
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).contains("Datasource 'visit' does not exist; did you mean 'visits'?");
        assertThat(typo.out()).doesNotContain("acknowledged");

        CliRun unreachable = run(List.of("produce", "visits", events.toString(), "--grpc-port", String.valueOf(node.httpPort() == 1 ? 2 : 1)));
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("Cannot reach a Grove node's gRPC port at 127.0.0.1:");
    }

    @Test
    void produceKeepsTheOrderOfTheFile()
            throws IOException
    {
        assertThat(grove("datasource", "create", "ordered", "--timestamp", "ts:millis", "-m", "n:long").exitCode()).isZero();
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            lines.append("{\"ts\": 1000, \"n\": ").append(i).append("}\n");
        }
        Path events = directory.resolve("ordered.jsonl");
        Files.writeString(events, lines);
        assertThat(grove("produce", "ordered", events.toString(), "--batch-size", "7").exitCode()).isZero();
        // DuckDB keeps insertion order for a plain scan: the rows are in the order they were appended
        String csv = grove("sql", "--format", "csv", "SELECT n FROM ordered").out();
        List<String> values = csv.lines().skip(1).toList();
        assertThat(values).hasSize(500);
        assertThat(values).isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
    }

    @Test
    void produceWarnsResumesAndCountsInTheSummary()
            throws IOException
    {
        assertThat(grove("datasource", "create", "taps", "--timestamp", "ts:auto", "-d", "page", "-m", "ms:long").exitCode()).isZero();
        Path events = directory.resolve("taps.jsonl");
        Files.writeString(events, """
                {"ts": "2026-01-01T00:00:00Z", "page": "/a"}
                {"ts": "2026-01-01T00:00:01Z", "pgae": "/b"}
                {"ts": 1795971600, "page": "/c"}
                {"ts": "2026-01-01T00:00:03Z", "page": "/d", "ms": 12.7}
                """);
        CliRun produced = grove("produce", "taps", events.toString());
        assertThat(produced.exitCode()).as(produced.err()).isZero();
        assertThat(produced.out()).contains("4 events acknowledged into taps");
        assertThat(produced.err())
                .contains("Warning: 2 acknowledged events may not be what you meant")
                .contains("line 2: none of the event's fields is a column, so every column is null: 'pgae' (did you mean 'page'?)")
                .contains("line 3: timestamp field 'ts' is 1795971600, read as epoch milliseconds: 1970-01-21")
                .contains("'posix' timestamp format");

        CliRun resumed = grove("produce", "taps", events.toString(), "--from-line", "4");
        assertThat(resumed.out()).contains("1 event acknowledged into taps");
        assertThat(grove("sql", "--format", "csv", "SELECT COUNT(*), SUM(ms) FROM taps").out()).startsWith("EXPR$0,EXPR$1\n5,24\n");
    }

    @Test
    void jsonPrintsOneObjectPerRowAndCsvQuotes()
    {
        CliRun json = grove("sql", "--format", "JSON", "SELECT 'a' AS name, 1 AS n, NULL AS nothing UNION ALL SELECT 'b, \"c\"', 2, NULL");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out().lines().sorted().toList()).containsExactly(
                "{\"name\":\"a\",\"n\":1,\"nothing\":null}",
                "{\"name\":\"b, \\\"c\\\"\",\"n\":2,\"nothing\":null}");

        CliRun csv = grove("sql", "--format", "csv", "SELECT 'b, \"c\"' AS name, 2 AS n");
        assertThat(csv.out()).isEqualTo("name,n\n\"b, \"\"c\"\"\",2\n");

        CliRun yaml = grove("sql", "--format", "yaml", "SELECT 1");
        assertThat(yaml.exitCode()).isEqualTo(2);
        assertThat(yaml.err()).contains("--format").contains("yaml").containsIgnoringCase("table, json, csv");
        assertThat(yaml.out()).isEmpty();
    }

    @Test
    void severalStatementsRunInOrder()
    {
        CliRun both = grove("sql", "SELECT 1 AS first; SELECT 'x;y' AS second -- a comment; with a semicolon\n;");
        assertThat(both.exitCode()).as(both.err()).isZero();
        assertThat(both.out()).contains("| first |").contains("| x;y    |");
        assertThat(both.out().indexOf("first")).isLessThan(both.out().indexOf("second"));

        CliRun oneFails = grove("sql", "--format", "csv", "SELECT 1 AS a; SELECT FROM nowhere; SELECT 3 AS c");
        assertThat(oneFails.exitCode()).isEqualTo(1);
        assertThat(oneFails.out()).isEqualTo("a\n1\nc\n3\n");
        assertThat(oneFails.err()).startsWith("ERROR: Incorrect syntax");
    }

    @Test
    void scriptsOnStdinRunStatementsAndShellCommands()
    {
        assertThat(grove("datasource", "create", "pages", "-d", "path").exitCode()).isZero();
        CliRun script = sqlScript("""
                SELECT 1 AS one; SELECT 2
                  AS two;
                \\d
                \\d pages
                SELECT 'tail' AS last
                """, "--format", "csv");
        assertThat(script.exitCode()).as(script.err()).isZero();
        assertThat(script.out())
                .startsWith("one\n1\ntwo\n2\n")
                .contains("| pages  |")
                .contains("Datasource pages: 0 rows; __time from 'timestamp' (auto)")
                .endsWith("last\ntail\n");

        CliRun unknown = sqlScript("\\d nope\n\\frobnicate\n");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("ERROR: Datasource 'nope' does not exist").contains("ERROR: Unknown command '\\frobnicate'");
    }

    @Test
    void wideCharactersKeepTheTableAligned()
    {
        CliRun query = grove("sql", "SELECT '日本語' AS name, 1 AS n UNION ALL SELECT 'abc', 22 ORDER BY 2");
        assertThat(query.exitCode()).as(query.err()).isZero();
        assertThat(query.out()).contains("| 日本語 |  1 |").contains("| abc    | 22 |");
    }

    @Test
    void theGrpcPortGetsAClearMessage()
    {
        CliRun wrongPort = run(List.of("sql", "--http-port", String.valueOf(node.grpcPort()), "SELECT 1"));
        assertThat(wrongPort.exitCode()).isEqualTo(1);
        // the node runs in this JVM, so its log shares stderr: one short line, no Netty stack trace
        assertThat(wrongPort.err()).contains("ERROR: 127.0.0.1:" + node.grpcPort()
                + " looks like Grove's gRPC port, not its HTTP API; pass --http-port (default 8888)\n");
        assertThat(wrongPort.err()).doesNotContain("Http2Exception").doesNotContain("\tat ").doesNotContain("Transport failed");

        CliRun list = run(List.of("datasource", "list", "--http-port", String.valueOf(node.grpcPort())));
        assertThat(list.err()).contains("looks like Grove's gRPC port");
    }
}
