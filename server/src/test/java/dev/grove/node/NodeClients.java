package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.spotify.holocron.schema.v1.HolocronProxyServiceGrpc;
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
import org.apache.druid.grpc.proto.QueryGrpc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real gRPC and HTTP clients for a node on loopback, for tests.
 */
final class NodeClients
        implements AutoCloseable
{
    static final ObjectMapper JSON = new ObjectMapper();

    final ManagedChannel channel;
    final IngestServiceGrpc.IngestServiceBlockingStub ingest;
    final AdminServiceGrpc.AdminServiceBlockingStub admin;
    final QueryGrpc.QueryBlockingStub query;
    final HolocronProxyServiceGrpc.HolocronProxyServiceBlockingStub holocron;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int httpPort;

    NodeClients(int grpcPort, int httpPort)
    {
        this.httpPort = httpPort;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        this.ingest = IngestServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        this.admin = AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        this.query = QueryGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        this.holocron = HolocronProxyServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static Datasource events(String name)
    {
        return Datasource.newBuilder()
                .setName(name)
                .setSchema(DatasourceSchema.newBuilder()
                        .setTimestampColumn("timestamp")
                        .setTimestampFormat(TimestampFormat.ISO)
                        .addDimensions(Column.newBuilder().setName("customerName").setType(ColumnType.STRING))
                        .addDimensions(Column.newBuilder().setName("status").setType(ColumnType.STRING))
                        .addMetrics(Column.newBuilder().setName("quantity").setType(ColumnType.LONG))
                        .addMetrics(Column.newBuilder().setName("amount").setType(ColumnType.DOUBLE)))
                .build();
    }

    void create(Datasource datasource)
    {
        admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(datasource).build());
    }

    ProduceResponse produce(String target, List<String> values)
    {
        ProduceRequest.Builder request = ProduceRequest.newBuilder().setTarget(target);
        values.forEach(value -> request.addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8(value))));
        return ingest.produce(request.build());
    }

    IngestServiceGrpc.IngestServiceFutureStub ingestAsync()
    {
        return IngestServiceGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    HttpResponse<String> postSql(String body)
    {
        return post("/druid/v2/sql", "application/json", body);
    }

    HttpResponse<String> post(String path, String contentType, String body)
    {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> get(String path)
    {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> delete(String path)
    {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    /** {@code SELECT COUNT(*)}-style single number over HTTP. */
    long count(String sql)
            throws IOException
    {
        HttpResponse<String> response = postSql(JSON.writeValueAsString(java.util.Map.of("query", sql, "resultFormat", "array")));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("SQL failed: " + response.body());
        }
        JsonNode rows = JSON.readTree(response.body());
        return rows.get(0).get(0).asLong();
    }

    private URI uri(String path)
    {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private HttpResponse<String> send(HttpRequest request)
    {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close()
            throws InterruptedException
    {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }
}
