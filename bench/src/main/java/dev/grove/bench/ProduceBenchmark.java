package dev.grove.bench;

import com.google.protobuf.ByteString;
import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import dev.grove.proto.admin.v1.AdminServiceGrpc;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.DropDatasourceRequest;
import dev.grove.proto.admin.v1.TimestampFormat;
import dev.grove.proto.ingest.v1.IngestServiceGrpc;
import dev.grove.proto.ingest.v1.ProduceRequest;
import dev.grove.proto.ingest.v1.ProduceResponse;
import dev.grove.proto.ingest.v1.Record;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whole-system produce benchmark over loopback gRPC and HTTP:
 * <ol>
 *   <li>throughput: N records of an orders-like event, in batches, with a bounded number of batches in flight;</li>
 *   <li>ack → visible: one-record batches; after each ack, {@code COUNT(*)} over the HTTP SQL API until the
 *       row is counted, timing from the ack to the first answer that includes it.</li>
 * </ol>
 * Starts its own node in a temporary directory unless {@code --grpc}/{@code --http} point at a running one.
 * Every loop is bounded in count and time.
 */
public final class ProduceBenchmark
{
    private ProduceBenchmark() {}

    public static void main(String[] arguments)
            throws Exception
    {
        Map<String, String> options = options(arguments);
        int records = Integer.parseInt(options.getOrDefault("records", "1000000"));
        int batchSize = Integer.parseInt(options.getOrDefault("batch", "1000"));
        int inFlight = Integer.parseInt(options.getOrDefault("in-flight", "8"));
        int probes = Integer.parseInt(options.getOrDefault("probes", "200"));

        GroveNode node = null;
        TemporaryDirectory dataDir = null;
        String grpcTarget = options.get("grpc");
        String httpBase = options.get("http");
        if (grpcTarget == null) {
            dataDir = TemporaryDirectory.create("grove-bench");
            node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir.path()).withPorts(0, 0));
            grpcTarget = "127.0.0.1:" + node.grpcPort();
            httpBase = "http://127.0.0.1:" + node.httpPort();
        }
        ManagedChannel channel = ManagedChannelBuilder.forTarget(grpcTarget).usePlaintext().maxInboundMessageSize(64 << 20).build();
        try {
            AdminServiceGrpc.AdminServiceBlockingStub admin = AdminServiceGrpc.newBlockingStub(channel);
            recreate(admin, "bench_orders");
            recreate(admin, "bench_visibility");
            System.out.printf("Grove produce benchmark: %d records, batches of %d, %d in flight, %d visibility probes%n", records, batchSize, inFlight, probes);
            System.out.printf("java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            throughput(channel, records, batchSize, inFlight);
            visibility(channel, httpBase, probes);
        }
        finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            if (node != null) {
                node.close();
                dataDir.close();
            }
        }
    }

    private static void throughput(ManagedChannel channel, int records, int batchSize, int inFlight)
            throws InterruptedException
    {
        IngestServiceGrpc.IngestServiceStub ingest = IngestServiceGrpc.newStub(channel);
        // warm-up: 10% of the run, not measured
        send(ingest, "bench_orders", Math.max(batchSize, records / 10), batchSize, inFlight, 0);
        long started = System.nanoTime();
        long[] latencies = send(ingest, "bench_orders", records, batchSize, inFlight, 1_000_000_000L);
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        System.out.printf("throughput: %,.0f records/s (%d records in %.2f s); batch ack latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                records / seconds, records, seconds, percentile(latencies, 50), percentile(latencies, 99), latencies[latencies.length - 1] / 1e6);
    }

    /** Sends {@code records} records; returns each batch's ack latency in nanoseconds. */
    private static long[] send(IngestServiceGrpc.IngestServiceStub ingest, String target, int records, int batchSize, int inFlight, long sequenceBase)
            throws InterruptedException
    {
        int batches = (records + batchSize - 1) / batchSize;
        long[] latencies = new long[batches];
        Semaphore permits = new Semaphore(inFlight);
        CountDownLatch done = new CountDownLatch(batches);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        String timestamp = java.time.Instant.now().toString();
        for (int batch = 0; batch < batches && failure.get() == null; batch++) {
            ProduceRequest.Builder request = ProduceRequest.newBuilder().setTarget(target);
            int size = Math.min(batchSize, records - batch * batchSize);
            for (int i = 0; i < size; i++) {
                long sequence = sequenceBase + (long) batch * batchSize + i;
                request.addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8(
                        "{\"timestamp\":\"" + timestamp + "\",\"orderId\":\"O-" + sequence + "\",\"customerName\":\"Customer " + sequence % 500
                                + "\",\"productName\":\"Product " + sequence % 40 + "\",\"sagaStatus\":\"" + (sequence % 10 == 0 ? "FAILED" : "COMPLETED")
                                + "\",\"quantity\":" + (sequence % 7 + 1) + ",\"totalAmount\":" + (sequence % 1000) / 10.0 + "}")));
            }
            if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("No batch acknowledged within 60 s");
            }
            int index = batch;
            long sent = System.nanoTime();
            ingest.withDeadlineAfter(60, TimeUnit.SECONDS).produce(request.build(), new StreamObserver<>()
            {
                @Override
                public void onNext(ProduceResponse response)
                {
                    acknowledged.addAndGet(response.getCount());
                    if (response.getErrorsCount() > 0) {
                        failure.compareAndSet(null, new IllegalStateException("records refused: " + response.getErrors(0).getMessage()));
                    }
                }

                @Override
                public void onError(Throwable error)
                {
                    failure.compareAndSet(null, error);
                    latencies[index] = System.nanoTime() - sent;
                    permits.release();
                    done.countDown();
                }

                @Override
                public void onCompleted()
                {
                    latencies[index] = System.nanoTime() - sent;
                    permits.release();
                    done.countDown();
                }
            });
        }
        if (!done.await(10, TimeUnit.MINUTES) || failure.get() != null) {
            throw new IllegalStateException("Produce failed", failure.get());
        }
        return latencies;
    }

    private static void visibility(ManagedChannel channel, String httpBase, int probes)
            throws Exception
    {
        IngestServiceGrpc.IngestServiceBlockingStub ingest = IngestServiceGrpc.newBlockingStub(channel);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long[] ackToVisible = new long[probes];
        int visibleOnFirstQuery = 0;
        for (int probe = 0; probe < probes; probe++) {
            ingest.withDeadlineAfter(10, TimeUnit.SECONDS).produce(ProduceRequest.newBuilder().setTarget("bench_visibility")
                    .addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8("{\"timestamp\":\"" + java.time.Instant.now() + "\",\"quantity\":1}")))
                    .build());
            long acked = System.nanoTime();
            int queries = 0;
            long expected = probe + 1;
            while (true) {
                queries++;
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(httpBase + "/druid/v2/sql"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"SELECT COUNT(*) FROM bench_visibility\",\"resultFormat\":\"array\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                long count = Long.parseLong(response.body().replaceAll("[^0-9]", ""));
                if (count >= expected) {
                    break;
                }
                if (System.nanoTime() - acked > TimeUnit.SECONDS.toNanos(10)) {
                    throw new IllegalStateException("Row not visible 10 s after its ack");
                }
            }
            ackToVisible[probe] = System.nanoTime() - acked;
            if (queries == 1) {
                visibleOnFirstQuery++;
            }
        }
        Arrays.sort(ackToVisible);
        System.out.printf("ack -> visible in COUNT(*) over HTTP: p50 %.2f ms, p99 %.2f ms, max %.2f ms; visible on the first query after the ack: %d/%d%n",
                percentile(ackToVisible, 50), percentile(ackToVisible, 99), ackToVisible[probes - 1] / 1e6, visibleOnFirstQuery, probes);
    }

    private static void recreate(AdminServiceGrpc.AdminServiceBlockingStub admin, String name)
    {
        try {
            admin.dropDatasource(DropDatasourceRequest.newBuilder().setName(name).build());
        }
        catch (StatusRuntimeException ignored) {
            // did not exist
        }
        DatasourceSchema.Builder schema = DatasourceSchema.newBuilder().setTimestampColumn("timestamp").setTimestampFormat(TimestampFormat.ISO);
        for (String dimension : List.of("orderId", "customerName", "productName", "sagaStatus")) {
            schema.addDimensions(Column.newBuilder().setName(dimension).setType(ColumnType.STRING));
        }
        schema.addMetrics(Column.newBuilder().setName("quantity").setType(ColumnType.LONG));
        schema.addMetrics(Column.newBuilder().setName("totalAmount").setType(ColumnType.DOUBLE));
        admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(Datasource.newBuilder().setName(name).setSchema(schema)).build());
    }

    private static double percentile(long[] sortedNanos, int percentile)
    {
        int index = Math.min(sortedNanos.length - 1, (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    private static Map<String, String> options(String[] arguments)
    {
        Map<String, String> options = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith("--") && argument.contains("=")) {
                options.put(argument.substring(2, argument.indexOf('=')), argument.substring(argument.indexOf('=') + 1));
            }
            else {
                unknown.add(argument);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown arguments " + unknown
                    + "; use --records=N --batch=N --in-flight=N --probes=N [--grpc=host:port --http=http://host:port]");
        }
        return options;
    }
}
