package dev.grove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grove.admin.DatasourceSpecJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code grove datasource create|list|describe|drop}, over the node's {@code /grove/v1/datasources}.
 */
@Command(name = "datasource", mixinStandardHelpOptions = true, description = "Create, list, describe and drop datasources.",
        subcommands = {DatasourceCommand.Create.class, DatasourceCommand.ListCommand.class, DatasourceCommand.Describe.class, DatasourceCommand.Drop.class})
final class DatasourceCommand
{
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a datasource from flags or a JSON spec file.")
    static final class Create
            implements Callable<Integer>
    {
        @Mixin
        NodeAddress node;

        @Mixin
        NodeCredentials credentials;

        @Parameters(index = "0", arity = "0..1", description = "Datasource name (or give it in --spec).")
        String name;

        @Option(names = "--spec", description = "JSON definition file: {\"name\", \"timestampSpec\", \"dimensions\", \"metrics\"}.")
        Path spec;

        @Option(names = "--timestamp", defaultValue = "timestamp:auto", description = "Timestamp field and format, NAME:iso|millis|posix|auto (default: ${DEFAULT-VALUE}).")
        String timestamp;

        @Option(names = {"-d", "--dimension"}, description = "A dimension, NAME or NAME:string|long|double. Repeatable.")
        List<String> dimensions = new ArrayList<>();

        @Option(names = {"-m", "--metric"}, description = "A metric, NAME:long|double. Repeatable.")
        List<String> metrics = new ArrayList<>();

        @Option(names = "--if-not-exists", description = "Succeed if a datasource with the same schema exists.")
        boolean ifNotExists;

        @Override
        public Integer call()
                throws IOException
        {
            ObjectNode definition;
            try {
                definition = spec != null ? (ObjectNode) NodeHttp.JSON.readTree(Files.readString(spec)) : fromFlags();
                if (name != null) {
                    definition.put("name", name);
                }
                DatasourceSpecJson.parse(definition);
            }
            catch (IllegalArgumentException | ClassCastException e) {
                System.err.println("ERROR: " + e.getMessage());
                return 2;
            }
            return NodeHttp.printingFailures(() -> {
                NodeHttp.Response created = new NodeHttp(node.httpBase(), credentials.credentials()).exchange("POST", "/grove/v1/datasources" + (ifNotExists ? "?ifNotExists=true" : ""), definition);
                String createdName = created.json().get("name").asText();
                System.out.println(created.status() == 200
                        ? "Datasource " + createdName + " already exists with this schema; nothing changed"
                        : "Created datasource " + createdName);
            });
        }

        private ObjectNode fromFlags()
        {
            if (name == null) {
                throw new IllegalArgumentException("Give the datasource name, or a --spec file");
            }
            ObjectNode definition = NodeHttp.JSON.createObjectNode();
            String[] timestampParts = timestamp.split(":", 2);
            definition.putObject("timestampSpec").put("column", timestampParts[0]).put("format", timestampParts.length > 1 ? timestampParts[1] : "auto");
            columns(definition.putArray("dimensions"), dimensions, "string");
            columns(definition.putArray("metrics"), metrics, null);
            return definition;
        }

        private static void columns(ArrayNode array, List<String> columns, String defaultType)
        {
            for (String column : columns) {
                String[] parts = column.split(":", 2);
                if (parts.length == 1 && defaultType == null) {
                    throw new IllegalArgumentException("Metric '" + column + "' needs a type: NAME:long or NAME:double");
                }
                array.addObject().put("name", parts[0]).put("type", parts.length > 1 ? parts[1] : defaultType);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List datasources.")
    static final class ListCommand
            implements Callable<Integer>
    {
        @Mixin
        NodeAddress node;

        @Mixin
        NodeCredentials credentials;

        @Override
        public Integer call()
        {
            return NodeHttp.printingFailures(() -> print(new NodeHttp(node.httpBase(), credentials.credentials()), System.out));
        }

        /** Prints the node's datasources as a table; also the SQL shell's {@code \d}. */
        static void print(NodeHttp http, PrintStream out)
                throws NodeHttp.CallFailed
        {
            JsonNode datasources = http.send("GET", "/grove/v1/datasources", null);
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode datasource : datasources) {
                rows.add(List.of(datasource.get("name").asText(), String.valueOf(datasource.get("dimensions").size()), String.valueOf(datasource.get("metrics").size())));
            }
            TablePrinter.print(out, List.of("name", "dimensions", "metrics"), List.of("VARCHAR", "BIGINT", "BIGINT"), rows);
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show a datasource's columns and row count.")
    static final class Describe
            implements Callable<Integer>
    {
        @Mixin
        NodeAddress node;

        @Mixin
        NodeCredentials credentials;

        @Parameters(index = "0", description = "Datasource name.")
        String name;

        @Override
        public Integer call()
        {
            return NodeHttp.printingFailures(() -> print(new NodeHttp(node.httpBase(), credentials.credentials()), name, System.out));
        }

        /** Prints one datasource's row count and columns; also the SQL shell's {@code \d name}. */
        static void print(NodeHttp http, String name, PrintStream out)
                throws NodeHttp.CallFailed
        {
            JsonNode datasource = http.send("GET", "/grove/v1/datasources/" + URLEncoder.encode(name, StandardCharsets.UTF_8), null);
            JsonNode timestampSpec = datasource.get("timestampSpec");
            long rowCount = datasource.get("rowCount").asLong();
            out.println("Datasource " + name + ": " + rowCount + (rowCount == 1 ? " row" : " rows") + "; __time from '"
                    + timestampSpec.get("column").asText() + "' (" + timestampSpec.get("format").asText() + ")");
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("__time", "TIMESTAMP", "time"));
            datasource.get("dimensions").forEach(column -> rows.add(List.of(column.get("name").asText(), column.get("type").asText().toUpperCase(), "dimension")));
            datasource.get("metrics").forEach(column -> rows.add(List.of(column.get("name").asText(), column.get("type").asText().toUpperCase(), "metric")));
            TablePrinter.print(out, List.of("column", "type", "role"), null, rows);
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true, description = "Drop a datasource and all its data.")
    static final class Drop
            implements Callable<Integer>
    {
        @Mixin
        NodeAddress node;

        @Mixin
        NodeCredentials credentials;

        @Parameters(index = "0", description = "Datasource name.")
        String name;

        @Override
        public Integer call()
        {
            return NodeHttp.printingFailures(() -> {
                new NodeHttp(node.httpBase(), credentials.credentials()).send("DELETE", "/grove/v1/datasources/" + name, null);
                System.out.println("Dropped datasource " + name);
            });
        }
    }
}
