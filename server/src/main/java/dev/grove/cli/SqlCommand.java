package dev.grove.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code grove sql}: statements from the arguments or stdin, or an interactive shell ({@link SqlShell}) when
 * both ends are a terminal, over the node's Druid SQL HTTP API.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run Druid SQL against a node: statements from the arguments or stdin, or an interactive shell.")
final class SqlCommand
        implements Callable<Integer>
{
    static final String HISTORY_FILE_ENV = "GROVE_HISTORY_FILE";

    @Mixin
    NodeAddress node;

    @Mixin
    NodeCredentials credentials;

    @Option(names = "--format", defaultValue = "table", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json prints one object per row.")
    SqlSession.OutputFormat format;

    @Option(names = "--history-file", description = "The interactive shell's history (default: $" + HISTORY_FILE_ENV + ", else ~/.grove_history).")
    Path historyFile;

    @Parameters(arity = "0..*", description = "The SQL; several statements are separated by ';'. Without it, statements are read from the terminal or stdin.")
    List<String> sql;

    @Override
    public Integer call()
            throws IOException
    {
        NodeHttp http = new NodeHttp(node.httpBase(), credentials.credentials());
        SqlSession session = new SqlSession(http, format, System.out, System.err);
        if (sql != null && !sql.isEmpty()) {
            return session.runAll(String.join(" ", sql)) ? 0 : 1;
        }
        if (System.console() == null) {
            return runScript(session, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        try {
            // the banner only once something answered, and answered as a Grove node
            http.send("GET", "/status", null);
        }
        catch (NodeHttp.CallFailed e) {
            System.err.println("ERROR: " + e.getMessage());
            return 1;
        }
        String banner = "Grove SQL on " + node.httpBase() + ". End statements with ';'. Type help for commands, Ctrl-D quits.";
        return new SqlShell(session, historyFile(), System.out, System.err).run(banner);
    }

    /** Statements from a pipe or file, run as each {@code ;} arrives; shell commands work at a statement's start. */
    static int runScript(SqlSession session, BufferedReader in)
            throws IOException
    {
        StringBuilder pending = new StringBuilder();
        boolean allSucceeded = true;
        String line;
        while ((line = in.readLine()) != null) {
            if (SqlStatements.isBlank(pending.toString()) && SqlSession.isCommand(line)) {
                pending.setLength(0);
                SqlSession.Outcome outcome = session.command(line);
                if (outcome == SqlSession.Outcome.QUIT) {
                    break;
                }
                allSucceeded &= outcome != SqlSession.Outcome.FAILED;
                continue;
            }
            pending.append(line).append('\n');
            SqlStatements.Split split = SqlStatements.split(pending.toString());
            for (String statement : split.statements()) {
                allSucceeded &= session.run(statement);
            }
            pending.setLength(0);
            pending.append(split.remainder());
        }
        if (!SqlStatements.isBlank(pending.toString())) {
            allSucceeded &= session.run(pending.toString().strip());
        }
        return allSucceeded ? 0 : 1;
    }

    private Path historyFile()
    {
        if (historyFile != null) {
            return historyFile;
        }
        String fromEnvironment = System.getenv(HISTORY_FILE_ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".grove_history");
    }
}
