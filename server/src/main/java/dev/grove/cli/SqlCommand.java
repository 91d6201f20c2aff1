package dev.grove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code grove sql}: one statement from the arguments, or an interactive prompt (statements end with
 * {@code ;}), over the node's Druid SQL HTTP API.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, description = "Run Druid SQL against a node: one statement, or interactively.")
final class SqlCommand
        implements Callable<Integer>
{
    @Mixin
    NodeAddress node;

    @Option(names = "--format", defaultValue = "table", description = "Output: table, json or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Parameters(arity = "0..*", description = "The SQL. Without it, statements are read from the terminal or stdin.")
    List<String> sql;

    @Override
    public Integer call()
            throws IOException
    {
        NodeHttp http = new NodeHttp(node.httpBase());
        if (sql != null && !sql.isEmpty()) {
            return run(http, String.join(" ", sql)) ? 0 : 1;
        }
        boolean interactive = System.console() != null;
        if (interactive) {
            System.out.println("Grove SQL on " + node.httpBase() + ". End statements with ';'. Ctrl-D quits.");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder statement = new StringBuilder();
        boolean allSucceeded = true;
        while (true) {
            if (interactive) {
                System.out.print(statement.isEmpty() ? "grove> " : "  ...> ");
                System.out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                break;
            }
            statement.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                allSucceeded &= run(http, statement.toString());
                statement.setLength(0);
            }
        }
        if (!statement.toString().isBlank()) {
            allSucceeded &= run(http, statement.toString());
        }
        return allSucceeded ? 0 : 1;
    }

    private boolean run(NodeHttp http, String text)
    {
        long started = System.nanoTime();
        JsonNode result;
        try {
            result = http.send("POST", "/druid/v2/sql", Map.of("query", text, "resultFormat", "array", "header", true, "sqlTypesHeader", true));
        }
        catch (NodeHttp.CallFailed e) {
            System.err.println("ERROR: " + e.getMessage());
            return false;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Iterator<JsonNode> rows = result.elements();
        List<String> header = texts(rows.next());
        List<String> types = texts(rows.next());
        List<List<String>> body = new ArrayList<>();
        rows.forEachRemaining(row -> body.add(texts(row)));
        switch (format) {
            case "json" -> System.out.println(result);
            case "csv" -> {
                System.out.println(String.join(",", header));
                body.forEach(row -> System.out.println(String.join(",", row)));
            }
            default -> {
                TablePrinter.print(System.out, header, types, body);
                System.out.println("Time: " + millis + " ms");
            }
        }
        return true;
    }

    private static List<String> texts(JsonNode row)
    {
        List<String> values = new ArrayList<>();
        row.forEach(value -> values.add(value.isNull() ? "" : value.asText()));
        return values;
    }
}
