package dev.grove.cli;

import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code grove sql}'s interactive shell as a person uses it: in its own JVM on a real pseudo-terminal
 * ({@link PtyProcess}), against a real node in this JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class SqlShellTerminalTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path directory;

    private GroveNode node;

    @BeforeAll
    void startNode()
    {
        assumeTrue(PtyProcess.available(), "needs util-linux script and stty");
        node = GroveNode.start(GroveConfig.defaults().withDataDir(directory.resolve("data")).withPorts(0, 0));
    }

    @AfterAll
    void stopNode()
    {
        if (node != null) {
            node.close();
        }
    }

    private PtyProcess shell(Path history, String... extra)
            throws IOException
    {
        List<String> arguments = new ArrayList<>(List.of("sql", "--http-port", String.valueOf(node.httpPort())));
        arguments.addAll(List.of(extra));
        return PtyProcess.start(arguments, Map.of("GROVE_HISTORY_FILE", history.toString()));
    }

    @Test
    void queriesHistoryCtrlCDescribeAndExit()
            throws Exception
    {
        Path history = directory.resolve("history-1");
        try (PtyProcess shell = shell(history)) {
            shell.awaitShown("grove> ", 1, WAIT);
            assertThat(shell.screen()).contains("Grove SQL on http://127.0.0.1:" + node.httpPort());

            shell.type("SELECT 41 + 1 AS answer;\r");
            // "Time: " is the last line a query prints: once it shows, the whole answer has
            String screen = shell.awaitShown("Time: ", 1, WAIT);
            assertThat(screen).contains("| answer |").contains("|     42 |").contains("(1 row)");

            // up-arrow recalls the statement; Enter runs it again
            shell.awaitShown("grove> ", 2, WAIT);
            shell.type(PtyProcess.UP);
            shell.awaitShown("SELECT 41 + 1 AS answer;", 2, WAIT);
            shell.type("\r");
            shell.awaitShown("(1 row)", 2, WAIT);
            assertThat(shell.screen()).doesNotContain("^[[A");

            // Ctrl-C throws away the line being typed, and the shell goes on
            shell.awaitShown("grove> ", 3, WAIT);
            shell.type("SELECT nonsense FROM nowhere");
            shell.awaitShown("nowhere", 1, WAIT);
            shell.type(PtyProcess.CTRL_C);
            shell.awaitShown("grove> ", 4, WAIT);
            shell.type("SELECT 'still here'\r");
            shell.awaitShown("  ...> ", 1, WAIT);
            shell.type("AS status; SELECT 2 AS two;\r");
            shell.awaitShown("| two |", 1, WAIT);
            assertThat(shell.screen()).contains("| still here |").doesNotContain("ERROR");

            shell.type("\\d\r");
            shell.awaitShown("| name | dimensions | metrics |", 1, WAIT);
            shell.type("help\r");
            shell.awaitShown("describe a datasource", 1, WAIT);
            shell.type("\\timing\r");
            shell.awaitShown("Timing is off.", 1, WAIT);

            shell.type("exit\r");
            assertThat(shell.awaitExit(WAIT)).isZero();
        }
        assertThat(Files.readString(history)).contains("SELECT 41 + 1 AS answer;").contains("\\\\d");
    }

    @Test
    void historySurvivesARestartAndCtrlDQuits()
            throws Exception
    {
        Path history = directory.resolve("history-2");
        try (PtyProcess shell = shell(history)) {
            shell.awaitShown("grove> ", 1, WAIT);
            shell.type("SELECT 'remembered' AS word;\r");
            shell.awaitShown("(1 row)", 1, WAIT);
            shell.type("quit\r");
            assertThat(shell.awaitExit(WAIT)).isZero();
        }
        try (PtyProcess shell = shell(history)) {
            shell.awaitShown("grove> ", 1, WAIT);
            shell.type(PtyProcess.UP + PtyProcess.UP + "\r");
            shell.awaitShown("| remembered |", 1, WAIT);
            shell.awaitShown("grove> ", 2, WAIT);
            shell.type(PtyProcess.CTRL_D);
            assertThat(shell.awaitExit(WAIT)).isZero();
        }
    }

    @Test
    void ctrlCCancelsARunningQueryOnTheNode()
            throws Exception
    {
        Path events = directory.resolve("words.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            lines.append("{\"timestamp\": ").append(1_000 + i).append(", \"word\": \"w").append(i).append("\"}\n");
        }
        Files.writeString(events, lines);
        String http = String.valueOf(node.httpPort());
        assertThat(new CommandLine(new GroveCli()).execute("datasource", "create", "words", "-d", "word", "--http-port", http)).isZero();
        assertThat(new CommandLine(new GroveCli()).execute("produce", "words", events.toString(), "--grpc-port", String.valueOf(node.grpcPort()))).isZero();

        try (PtyProcess shell = shell(directory.resolve("history-4"))) {
            shell.awaitShown("grove> ", 1, WAIT);
            // 300^4 pairs of concatenated strings: minutes of work, so it is still running when Ctrl-C comes
            shell.type("SELECT COUNT(*) FROM words a, words b, words c, words d WHERE a.word || b.word <> c.word || d.word;\r");
            Thread.sleep(1_000);
            shell.type(PtyProcess.CTRL_C);
            shell.awaitShown("Query cancelled", 1, WAIT);
            shell.awaitShown("grove> ", 2, WAIT);
            shell.type("SELECT COUNT(*) AS words FROM words;\r");
            shell.awaitShown("|   300 |", 1, WAIT);
            shell.type("\\q\r");
            assertThat(shell.awaitExit(WAIT)).isZero();
        }
    }

    @Test
    void noBannerWhenNothingAnswers()
            throws Exception
    {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<String> arguments = List.of("sql", "--http-port", String.valueOf(closedPort));
        try (PtyProcess shell = PtyProcess.start(arguments, Map.of("GROVE_HISTORY_FILE", directory.resolve("history-3").toString()))) {
            assertThat(shell.awaitExit(WAIT)).isEqualTo(1);
            assertThat(shell.screen()).contains("ERROR: Cannot reach a Grove node's HTTP port at http://127.0.0.1:" + closedPort).doesNotContain("Grove SQL on");
        }
        List<String> grpc = List.of("sql", "--http-port", String.valueOf(node.grpcPort()));
        try (PtyProcess shell = PtyProcess.start(grpc, Map.of("GROVE_HISTORY_FILE", directory.resolve("history-3").toString()))) {
            assertThat(shell.awaitExit(WAIT)).isEqualTo(1);
            assertThat(shell.screen()).contains("looks like Grove's gRPC port, not its HTTP API").doesNotContain("Grove SQL on");
        }
    }
}
