package dev.grove.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
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
import dev.grove.proto.ingest.v1.ProduceResponse;
import dev.grove.proto.ingest.v1.Record;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.apache.druid.grpc.proto.HealthOuterClass;
import org.apache.druid.grpc.proto.QueryGrpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One real in-JVM node on loopback ephemeral ports with the fuzz datasources (every column type, every
 * timestamp format), and the gRPC and HTTP clients the fuzz tests drive it with. Confined to the test thread.
 */
final class FuzzNode
        implements AutoCloseable
{
    static final ObjectMapper JSON = new ObjectMapper();
    /** Every request must be answered within this bound. */
    static final Duration ANSWER_BOUND = Duration.ofSeconds(10);
    /** The fuzz datasources by timestamp format; all share the columns below and the timestamp field {@code ts}. */
    static final Map<String, TimestampFormat> DATASOURCES = Map.of(
            "fz_iso", TimestampFormat.ISO,
            "fz_millis", TimestampFormat.MILLIS,
            "fz_posix", TimestampFormat.POSIX,
            "fz_auto", TimestampFormat.AUTO);
    /** Column name → type: a STRING and a LONG dimension, a LONG and a DOUBLE metric. */
    static final Map<String, ColumnType> COLUMNS = Map.of("s", ColumnType.STRING, "n", ColumnType.LONG, "l", ColumnType.LONG, "d", ColumnType.DOUBLE);

    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private GroveNode node;
    private ManagedChannel channel;

    private FuzzNode(Path dataDir)
    {
        this.dataDir = dataDir;
    }

    /** Starts a node on {@code dataDir} and creates the fuzz datasources. */
    static FuzzNode startWithDatasources(Path dataDir)
    {
        FuzzNode fuzzNode = new FuzzNode(dataDir);
        fuzzNode.start();
        for (Map.Entry<String, TimestampFormat> datasource : DATASOURCES.entrySet()) {
            fuzzNode.admin().createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(datasource(datasource.getKey(), datasource.getValue())).build());
        }
        return fuzzNode;
    }

    static Datasource datasource(String name, TimestampFormat format)
    {
        return Datasource.newBuilder()
                .setName(name)
                .setSchema(DatasourceSchema.newBuilder()
                        .setTimestampColumn("ts")
                        .setTimestampFormat(format)
                        .addDimensions(Column.newBuilder().setName("s").setType(ColumnType.STRING))
                        .addDimensions(Column.newBuilder().setName("n").setType(ColumnType.LONG))
                        .addMetrics(Column.newBuilder().setName("l").setType(ColumnType.LONG))
                        .addMetrics(Column.newBuilder().setName("d").setType(ColumnType.DOUBLE)))
                .build();
    }

    private void start()
    {
        node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0));
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().maxInboundMessageSize(64 * 1024 * 1024).build();
    }

    /** Closes the node gracefully and starts a new one on the same data directory (and new ports). */
    void restart()
            throws InterruptedException
    {
        stop();
        start();
    }

    ManagedChannel channel()
    {
        return channel;
    }

    AdminServiceGrpc.AdminServiceBlockingStub admin()
    {
        return AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(ANSWER_BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    QueryGrpc.QueryBlockingStub query()
    {
        return QueryGrpc.newBlockingStub(channel).withDeadlineAfter(ANSWER_BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    ProduceResponse produce(String target, List<byte[]> values)
    {
        ProduceRequest.Builder request = ProduceRequest.newBuilder().setTarget(target);
        values.forEach(value -> request.addRecords(Record.newBuilder().setValue(ByteString.copyFrom(value))));
        return IngestServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).produce(request.build());
    }

    /** POST /druid/v2/sql with a JSON body; an I/O failure (a dropped connection, a timeout) is thrown. */
    HttpResponse<String> postSql(String jsonBody)
            throws IOException, InterruptedException
    {
        return send("POST", "/druid/v2/sql", "application/json", jsonBody.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(String method, String path, String contentType, byte[] body)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(ANSWER_BOUND)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code request} as is to the HTTP port, half-closes, and returns everything the server sent
     * back before closing (bounded by {@link #ANSWER_BOUND} and 1 MiB).
     */
    byte[] raw(byte[] request)
            throws IOException
    {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 5_000);
            socket.setSoTimeout((int) ANSWER_BOUND.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            }
            catch (IOException e) {
                // the server may answer and close before reading everything; what it sent is still readable
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long deadline = System.nanoTime() + ANSWER_BOUND.toNanos();
            while (answer.size() < 1 << 20 && System.nanoTime() < deadline) {
                int read;
                try {
                    read = in.read(buffer);
                }
                catch (IOException e) {
                    break;
                }
                if (read < 0) {
                    break;
                }
                answer.write(buffer, 0, read);
            }
            return answer.toByteArray();
        }
    }

    /** {@code SELECT COUNT(*) FROM datasource} over HTTP. */
    long count(String datasource)
            throws IOException, InterruptedException
    {
        HttpResponse<String> response = postSql(JSON.writeValueAsString(Map.of("query", "SELECT COUNT(*) FROM " + datasource, "resultFormat", "array")));
        assertThat(response.statusCode()).as("COUNT(*) on %s: %s", datasource, response.body()).isEqualTo(200);
        JsonNode rows = JSON.readTree(response.body());
        return rows.get(0).get(0).asLong();
    }

    /** gRPC health and Druid health SERVING, HTTP health true, and a trivial query answered on both protocols. */
    void assertHealthy(String when)
            throws IOException, InterruptedException
    {
        HealthCheckResponse.ServingStatus grpcHealth = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(ANSWER_BOUND.toSeconds(), TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        assertThat(grpcHealth).as("gRPC health %s", when).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        HealthOuterClass.HealthCheckResponse.ServingStatus druidHealth = org.apache.druid.grpc.proto.HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(ANSWER_BOUND.toSeconds(), TimeUnit.SECONDS)
                .check(HealthOuterClass.HealthCheckRequest.getDefaultInstance()).getStatus();
        assertThat(druidHealth).as("Druid gRPC health %s", when).isEqualTo(HealthOuterClass.HealthCheckResponse.ServingStatus.SERVING);
        HttpResponse<String> health = send("GET", "/status/health", null, new byte[0]);
        assertThat(health.statusCode()).as("/status/health %s", when).isEqualTo(200);
        assertThat(health.body()).as("/status/health %s", when).isEqualTo("true");
        HttpResponse<String> select = postSql("{\"query\":\"SELECT 1 + 1\",\"resultFormat\":\"array\"}");
        assertThat(select.body()).as("SELECT 1 + 1 %s", when).isEqualTo("[[2]]\n");
    }

    private void stop()
            throws InterruptedException
    {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
        node.close();
    }

    @Override
    public void close()
            throws InterruptedException
    {
        stop();
    }
}
