package dev.grove.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What {@code grove sql} does with each statement or shell command, whether it came from the arguments,
 * stdin or the interactive prompt: runs it against the node and prints the result in the chosen format.
 * Confined to the thread that drives it, except {@link #fetch}, which the shell runs on a worker thread.
 */
final class SqlSession
{
    /** Output formats of {@code --format}. */
    enum OutputFormat
    {
        TABLE, JSON, CSV;

        /** What usage and error messages show: the value as it is typed. */
        @Override
        public String toString()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a shell command asks for next. */
    enum Outcome
    {
        CONTINUE, FAILED, QUIT
    }

    /** A query's answer and how long it took. */
    record Answer(JsonNode rows, long millis) {}

    private final NodeHttp http;
    private final OutputFormat format;
    private final PrintStream out;
    private final PrintStream err;
    private boolean timing = true;

    SqlSession(NodeHttp http, OutputFormat format, PrintStream out, PrintStream err)
    {
        this.http = http;
        this.format = format;
        this.out = out;
        this.err = err;
    }

    /** Runs every {@code ;}-separated statement of {@code text} in order; true when all succeeded. */
    boolean runAll(String text)
    {
        SqlStatements.Split split = SqlStatements.split(text);
        List<String> statements = new ArrayList<>(split.statements());
        if (split.hasIncompleteStatement()) {
            statements.add(split.remainder().strip());
        }
        boolean allSucceeded = true;
        for (String statement : statements) {
            allSucceeded &= run(statement);
        }
        return allSucceeded;
    }

    /** Runs one statement and prints its result or its error; true when it succeeded. */
    boolean run(String statement)
    {
        try {
            print(fetch(statement, newQueryId()));
            return true;
        }
        catch (NodeHttp.CallFailed e) {
            err.println("ERROR: " + e.getMessage());
            return false;
        }
    }

    static String newQueryId()
    {
        return "grove-sql-" + UUID.randomUUID();
    }

    /** Sends {@code statement} with {@code queryId} as its sqlQueryId, so it can be cancelled by that id. */
    Answer fetch(String statement, String queryId)
            throws NodeHttp.CallFailed
    {
        long started = System.nanoTime();
        Map<String, Object> context = Map.of("sqlQueryId", queryId);
        JsonNode rows = format == OutputFormat.JSON
                ? http.send("POST", "/druid/v2/sql", Map.of("query", statement, "resultFormat", "object", "context", context))
                : http.send("POST", "/druid/v2/sql", Map.of("query", statement, "resultFormat", "array", "header", true, "sqlTypesHeader", true, "context", context));
        return new Answer(rows, (System.nanoTime() - started) / 1_000_000);
    }

    /** Asks the node to cancel the query with {@code queryId}; false when none with that id was running. */
    boolean cancel(String queryId)
    {
        try {
            http.send("DELETE", "/druid/v2/sql/" + queryId, null);
            return true;
        }
        catch (NodeHttp.CallFailed e) {
            return false;
        }
    }

    void print(Answer answer)
    {
        switch (format) {
            case JSON -> answer.rows().forEach(row -> out.println(row));
            case CSV -> {
                Iterator<JsonNode> rows = answer.rows().elements();
                out.println(csvLine(texts(rows.next())));
                rows.next();
                rows.forEachRemaining(row -> out.println(csvLine(texts(row))));
            }
            case TABLE -> {
                Iterator<JsonNode> rows = answer.rows().elements();
                List<String> header = texts(rows.next());
                List<String> types = texts(rows.next());
                List<List<String>> body = new ArrayList<>();
                rows.forEachRemaining(row -> body.add(texts(row)));
                TablePrinter.print(out, header, types, body);
                if (timing) {
                    out.println("Time: " + answer.millis() + " ms");
                }
            }
        }
        out.flush();
    }

    /** True when {@code line} is a shell command ({@code \d}, {@code help}, {@code exit}, ...) rather than SQL. */
    static boolean isCommand(String line)
    {
        String command = commandText(line);
        if (command.startsWith("\\")) {
            return true;
        }
        return switch (command.toLowerCase(Locale.ROOT)) {
            case "exit", "quit", "help" -> true;
            default -> false;
        };
    }

    Outcome command(String line)
    {
        String[] words = commandText(line).split("\\s+", 2);
        String argument = words.length > 1 ? words[1].strip() : "";
        switch (words[0].toLowerCase(Locale.ROOT)) {
            case "exit", "quit", "\\q" -> {
                return Outcome.QUIT;
            }
            case "help", "\\?", "\\h" -> {
                printHelp();
                return Outcome.CONTINUE;
            }
            case "\\timing" -> {
                timing = argument.isEmpty() ? !timing : argument.equalsIgnoreCase("on");
                out.println("Timing is " + (timing ? "on." : "off."));
                return Outcome.CONTINUE;
            }
            case "\\d" -> {
                try {
                    if (argument.isEmpty()) {
                        DatasourceCommand.ListCommand.print(http, out);
                    }
                    else {
                        DatasourceCommand.Describe.print(http, argument, out);
                    }
                    return Outcome.CONTINUE;
                }
                catch (NodeHttp.CallFailed e) {
                    err.println("ERROR: " + e.getMessage());
                    return Outcome.FAILED;
                }
            }
            default -> {
                err.println("ERROR: Unknown command '" + words[0] + "'; type help for the list");
                return Outcome.FAILED;
            }
        }
    }

    private void printHelp()
    {
        out.println("""
                SQL statements end with ';' and may span lines; several may share one line.
                Commands:
                  \\d                list datasources
                  \\d NAME           describe a datasource: row count and columns
                  \\timing           show or hide the "Time: N ms" line after each table
                  help, \\?          this help
                  exit, quit, \\q    quit (or Ctrl-D)
                Keys: up/down recall history, Ctrl-R searches it; Ctrl-C clears the line or cancels a running query.""");
    }

    /** The command without surrounding blanks and an optional trailing {@code ;}. */
    private static String commandText(String line)
    {
        String command = line.strip();
        while (command.endsWith(";")) {
            command = command.substring(0, command.length() - 1).stripTrailing();
        }
        return command;
    }

    private static List<String> texts(JsonNode row)
    {
        List<String> values = new ArrayList<>();
        row.forEach(value -> values.add(value.isNull() ? "" : value.asText()));
        return values;
    }

    /** RFC 4180: a value with a comma, quote or line break is quoted, its quotes doubled. */
    private static String csvLine(List<String> values)
    {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String value = values.get(i);
            if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                line.append('"').append(value.replace("\"", "\"\"")).append('"');
            }
            else {
                line.append(value);
            }
        }
        return line.toString();
    }
}
