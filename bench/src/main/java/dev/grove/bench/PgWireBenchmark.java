package dev.grove.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import dev.grove.proto.admin.v1.AdminServiceGrpc;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.TimestampFormat;
import dev.grove.proto.ingest.v1.IngestServiceGrpc;
import dev.grove.proto.ingest.v1.ProduceRequest;
import dev.grove.proto.ingest.v1.Record;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A large result streamed to one client over the PostgreSQL wire protocol (JDBC driver, text and
 * binary results) and over Druid's HTTP SQL API (JSON array, read raw and parsed with Jackson), from the
 * same node and the same query: rows/s and MB/s as the client sees them, end to end over loopback.
 * Starts its own node in a temporary directory; every loop is bounded.
 *
 * <pre>bench/run-pgwire.sh --rows=1000000 --rounds=3</pre>
 */
public final class PgWireBenchmark
{
    private static final String QUERY = "SELECT __time, customerName, status, quantity, amount FROM big";

    private PgWireBenchmark() {}

    public static void main(String[] arguments)
            throws Exception
    {
        int rows = 1_000_000;
        int rounds = 3;
        for (String argument : arguments) {
            if (argument.startsWith("--rows=")) {
                rows = Integer.parseInt(argument.substring("--rows=".length()));
            }
            else if (argument.startsWith("--rounds=")) {
                rounds = Integer.parseInt(argument.substring("--rounds=".length()));
            }
            else {
                throw new IllegalArgumentException("Unknown argument " + argument + "; use --rows=N --rounds=N");
            }
        }
        Path dataDir = Files.createTempDirectory("grove-pgwire-bench");
        GroveConfig config = ConfigLoader.fromProperties(Map.of(
                "grove.log.fsync", "false",
                "grove.query.maxResultRows", Integer.toString(rows),
                "grove.query.maxResultBytes", Long.toString(4L << 30))).withDataDir(dataDir).withPorts(0, 0);
        try (GroveNode node = GroveNode.start(config)) {
            load(node, rows);
            System.out.printf("PG-wire vs HTTP JSON: %,d rows of (TIMESTAMP, VARCHAR, VARCHAR, BIGINT, DOUBLE), %d rounds, one client, loopback%n", rows, rounds);
            for (int round = 1; round <= rounds; round++) {
                report(round, "HTTP JSON array, body read raw", rows, () -> httpRaw(node));
                report(round, "HTTP JSON array, parsed (Jackson streaming)", rows, () -> httpParsed(node));
                report(round, "PG-wire JDBC, text results", rows, () -> jdbc(node, false));
                report(round, "PG-wire JDBC, binary results", rows, () -> jdbc(node, true));
            }
        }
    }

    private interface Run
    {
        /** Runs the query once; returns the bytes received (or -1 when the client does not say). */
        long run()
                throws Exception;
    }

    private static void report(int round, String what, int rows, Run run)
            throws Exception
    {
        long started = System.nanoTime();
        long bytes = run.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("round %d  %-45s %7.2f s  %,12.0f rows/s%s%n", round, what, seconds, rows / seconds,
                bytes < 0 ? "" : String.format("  %8.1f MB/s (%,d bytes)", bytes / seconds / 1e6, bytes));
    }

    private static long httpRaw(GroveNode node)
            throws Exception
    {
        HttpResponse<InputStream> response = http(node);
        long bytes = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                bytes += read;
            }
        }
        return bytes;
    }

    private static long httpParsed(GroveNode node)
            throws Exception
    {
        HttpResponse<InputStream> response = http(node);
        long values = 0;
        try (InputStream in = response.body(); JsonParser parser = new JsonFactory().createParser(in)) {
            for (JsonToken token; (token = parser.nextToken()) != null; ) {
                if (token.isScalarValue()) {
                    // materialize each value, as a client would
                    values += token == JsonToken.VALUE_STRING ? parser.getText().length() : token.isNumeric() ? (parser.getNumberValue() != null ? 1 : 0) : 1;
                }
            }
        }
        return values >= 0 ? -1 : 0;
    }

    private static HttpResponse<InputStream> http(GroveNode node)
            throws Exception
    {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/druid/v2/sql"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"" + QUERY + "\",\"resultFormat\":\"array\"}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body().readAllBytes()));
        }
        return response;
    }

    private static long jdbc(GroveNode node, boolean binary)
            throws Exception
    {
        // prepareThreshold=-1: server-prepared from the first run, so the driver asks for binary results
        String url = "jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/grove?user=grove" + (binary ? "&prepareThreshold=-1" : "&preferQueryMode=simple");
        long checksum = 0;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(QUERY)) {
            while (rows.next()) {
                checksum += rows.getTimestamp(1).getTime() + rows.getString(2).length() + rows.getString(3).length() + rows.getLong(4) + (long) rows.getDouble(5);
            }
        }
        return checksum == Long.MIN_VALUE ? 0 : -1;
    }

    private static void load(GroveNode node, int rows)
    {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
        try {
            AdminServiceGrpc.newBlockingStub(channel).createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(Datasource.newBuilder()
                    .setName("big")
                    .setSchema(DatasourceSchema.newBuilder()
                            .setTimestampColumn("timestamp")
                            .setTimestampFormat(TimestampFormat.MILLIS)
                            .addDimensions(Column.newBuilder().setName("customerName").setType(ColumnType.STRING))
                            .addDimensions(Column.newBuilder().setName("status").setType(ColumnType.STRING))
                            .addMetrics(Column.newBuilder().setName("quantity").setType(ColumnType.LONG))
                            .addMetrics(Column.newBuilder().setName("amount").setType(ColumnType.DOUBLE)))).build());
            IngestServiceGrpc.IngestServiceBlockingStub ingest = IngestServiceGrpc.newBlockingStub(channel);
            long started = System.nanoTime();
            int batch = 5000;
            for (int from = 0; from < rows; from += batch) {
                ProduceRequest.Builder request = ProduceRequest.newBuilder().setTarget("big");
                for (int i = from; i < Math.min(rows, from + batch); i++) {
                    request.addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8("{\"timestamp\":" + (1_767_225_600_000L + i) + ",\"customerName\":\"customer-"
                            + (i % 5000) + "\",\"status\":\"" + (i % 3 == 0 ? "FAILED" : "COMPLETED") + "\",\"quantity\":" + i + ",\"amount\":" + (i * 0.25) + "}")));
                }
                ingest.withDeadlineAfter(60, TimeUnit.SECONDS).produce(request.build());
            }
            System.out.printf("loaded %,d rows in %.1f s%n", rows, (System.nanoTime() - started) / 1e9);
        }
        finally {
            channel.shutdownNow();
        }
    }
}
