package dev.grove.bench;

import com.spotify.holocron.schema.v1.HolocronProxyServiceGrpc;
import com.spotify.holocron.schema.v1.HolocronProxyServiceGrpc.HolocronProxyServiceBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Dashboard load through the Holocron proxy: starts {@code grove start --demo} from a jar on free
 * loopback ports, then
 * <ol>
 *   <li>runs 16 gRPC clients for a while over seed 000's five dashboard queries ({@code Proxy},
 *       JSON_ARRAY_LINES, as the seed's client sends them) and, separately, over seed 001's example
 *       queries: QPS, p50, p99, errors;</li>
 *   <li>saturates the default lane with analyst queries (a self-join that runs until its 3 s timeout,
 *       more of them than there are slots), and meanwhile runs the dashboard queries through
 *       {@code LaneOneProxy} (lane one, reserved slots) and, for contrast, through {@code Proxy}.</li>
 * </ol>
 * A query the node refuses is counted as an error and its first message printed; queries seed 000
 * needs that the node does not support yet are probed once and reported, not timed.
 * <pre>
 *   --jar=server/target/grove-server.jar --clients=16 --duration=20s --rate=500 --analysts=12
 * </pre>
 * Every loop is bounded in time (the duration) and the node is stopped with SIGTERM at the end.
 */
public final class DashboardBenchmark
{
    /** Seed 000, "SQL Queries": what the dashboard sends through Holocron Proxy, unchanged. */
    static final List<String> DASHBOARD = List.of(
            "SELECT server, server_type, is_leader, curr_size, max_size FROM sys.servers",
            "SELECT task_id, datasource, status, created_time, duration, error_msg FROM sys.tasks WHERE status = 'RUNNING' ORDER BY created_time DESC",
            "SELECT datasource, COUNT(*) as segment_count, SUM(\"size\") as total_size FROM sys.segments WHERE is_active = 1 GROUP BY datasource ORDER BY total_size DESC",
            "SELECT COUNT(*) as total, SUM(CASE WHEN status = 'SUCCESS' THEN 1 ELSE 0 END) as successful, SUM(CASE WHEN status = 'FAILED' THEN 1 ELSE 0 END) as failed "
                    + "FROM sys.tasks WHERE created_time >= '2026-01-01T00:00:00.000Z' AND created_time <= '2026-12-31T23:59:59.999Z'",
            "SELECT TIME_FLOOR(created_time, 'PT1M') as ts, COUNT(*) as cnt FROM sys.tasks WHERE created_time >= CURRENT_TIMESTAMP - INTERVAL '5' MINUTE "
                    + "GROUP BY TIME_FLOOR(created_time, 'PT1M') ORDER BY ts");
    /** Seed 001, "Beispiel Queries", plus its count queries, over the demo's datasources. */
    static final List<String> EXAMPLES = List.of(
            "SELECT service, status, COUNT(*) AS count, AVG(durationMs) AS avg_duration_ms, MAX(durationMs) AS max_duration_ms FROM saga_events "
                    + "WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '1' HOUR GROUP BY 1, 2 ORDER BY 1, 2",
            "SELECT customerName, COUNT(*) AS orders, SUM(totalAmount) AS revenue FROM orders WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '24' HOUR "
                    + "AND sagaStatus = 'COMPLETED' GROUP BY 1 ORDER BY 3 DESC LIMIT 10",
            "SELECT failureReason, paymentMethod, COUNT(*) AS failures, SUM(amount) AS lost_revenue FROM payments WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '7' DAY "
                    + "AND sagaStatus = 'FAILED' GROUP BY 1, 2 ORDER BY 3 DESC",
            "SELECT COUNT(*) FROM orders",
            "SELECT 'orders' as ds, COUNT(*) as cnt FROM orders UNION ALL SELECT 'payments', COUNT(*) FROM payments UNION ALL SELECT 'stock', COUNT(*) FROM stock "
                    + "UNION ALL SELECT 'saga_events', COUNT(*) FROM saga_events");
    /** Runs until its context timeout: a self-join no optimizer can shortcut. */
    static final String ANALYST = "SELECT COUNT(*) FROM orders a, orders b, orders c WHERE MOD(a.quantity * 7 + b.quantity * 13 + c.quantity, 1000003) = 17";
    private static final int MAX_SAMPLES_PER_CLIENT = 2_000_000;

    private DashboardBenchmark() {}

    public static void main(String[] arguments)
            throws Exception
    {
        Map<String, String> options = options(arguments);
        Path jar = Path.of(options.getOrDefault("jar", "server/target/grove-server.jar"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "20s").replace("s", "")));
        int rate = Integer.parseInt(options.getOrDefault("rate", "500"));
        int analysts = Integer.parseInt(options.getOrDefault("analysts", "12"));
        int httpPort = freePort();
        int grpcPort = freePort();
        Path dataDir = Files.createTempDirectory("grove-dashboard-");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "--enable-native-access=ALL-UNNAMED",
                "-jar", jar.toString(), "start", "--demo", "--demo-rate", Integer.toString(rate), "--data-dir", dataDir.toString(), "--host", "127.0.0.1",
                "--http-port", Integer.toString(httpPort), "--grpc-port", Integer.toString(grpcPort));
        System.out.println("dashboard: " + String.join(" ", command));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dataDir.resolve("node.log").toFile()).start();
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            awaitHealthy(httpPort, Duration.ofSeconds(120));
            // let the demo land some events in every datasource
            Thread.sleep(5_000);
            for (int i = 0; i < 4; i++) {
                channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build());
            }
            List<HolocronProxyServiceBlockingStub> stubs = channels.stream().map(HolocronProxyServiceGrpc::newBlockingStub).toList();

            List<String> dashboard = supported("seed 000 dashboard", DASHBOARD, stubs.get(0));
            List<String> examples = supported("seed 001 examples", EXAMPLES, stubs.get(0));
            // warm-up: plans, DuckDB caches and the JIT
            run(stubs, clients, examples, Duration.ofSeconds(5), HolocronProxyServiceBlockingStub::proxy, Map.of());

            System.out.printf("%n| run | clients | queries | QPS | p50 ms | p99 ms | errors |%n|---|---|---|---|---|---|---|%n");
            if (!dashboard.isEmpty()) {
                report("seed 000 dashboard via Proxy", clients, run(stubs, clients, dashboard, duration, HolocronProxyServiceBlockingStub::proxy, Map.of()));
            }
            report("seed 001 examples via Proxy", clients, run(stubs, clients, examples, duration, HolocronProxyServiceBlockingStub::proxy, Map.of()));

            List<String> laneQueries = dashboard.isEmpty() ? examples : dashboard;
            String what = dashboard.isEmpty() ? "seed 001 examples" : "seed 000 dashboard";
            int laneClients = 4;
            report(what + " via LaneOneProxy, idle node (baseline)", laneClients,
                    run(stubs, laneClients, laneQueries, duration, HolocronProxyServiceBlockingStub::laneOneProxy, Map.of()));

            // saturate the default lane, then measure both lanes
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService analystPool = Executors.newFixedThreadPool(analysts);
            for (int i = 0; i < analysts; i++) {
                HolocronProxyServiceBlockingStub stub = stubs.get(i % stubs.size());
                analystPool.submit(() -> {
                    while (!stop.get()) {
                        try {
                            stub.withDeadlineAfter(30, TimeUnit.SECONDS).proxy(request(ANALYST, Map.of("timeout", "3000")));
                        }
                        catch (StatusRuntimeException e) {
                            // the node going away ends the loop through stop
                        }
                    }
                });
            }
            Thread.sleep(2_000);
            report(what + " via LaneOneProxy, default lane saturated by " + analysts + " analysts", laneClients,
                    run(stubs, laneClients, laneQueries, duration, HolocronProxyServiceBlockingStub::laneOneProxy, Map.of()));
            report(what + " via Proxy (default lane), saturated", laneClients,
                    run(stubs, laneClients, laneQueries, duration, HolocronProxyServiceBlockingStub::proxy, Map.of("timeout", "1000")));
            stop.set(true);
            analystPool.shutdown();
            analystPool.awaitTermination(60, TimeUnit.SECONDS);
        }
        finally {
            channels.forEach(ManagedChannel::shutdownNow);
            node.destroy();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            System.out.println("dashboard: node exited with " + node.exitValue() + "; its log is " + dataDir.resolve("node.log"));
        }
    }

    private record Result(long queries, long errors, double seconds, long[] latenciesNanos, String firstError) {}

    private static Result run(List<HolocronProxyServiceBlockingStub> stubs, int clients, List<String> queries, Duration duration,
            Call call, Map<String, String> context)
            throws InterruptedException
    {
        long end = System.nanoTime() + duration.toNanos();
        long[][] latencies = new long[clients][];
        long[] counts = new long[clients];
        long[] errors = new long[clients];
        String[] firstErrors = new String[clients];
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int client = 0; client < clients; client++) {
            int index = client;
            HolocronProxyServiceBlockingStub stub = stubs.get(client % stubs.size());
            Thread thread = new Thread(() -> {
                long[] samples = new long[1024];
                int n = 0;
                for (long i = index; System.nanoTime() < end && n < MAX_SAMPLES_PER_CLIENT; i++) {
                    String sql = queries.get((int) (i % queries.size()));
                    long start = System.nanoTime();
                    String error = null;
                    try {
                        QueryResponse response = call.call(stub.withDeadlineAfter(30, TimeUnit.SECONDS), request(sql, context));
                        if (response.getStatus() != QueryStatus.OK) {
                            error = response.getStatus() + ": " + response.getErrorMessage();
                        }
                    }
                    catch (StatusRuntimeException e) {
                        error = e.getStatus().toString();
                    }
                    long elapsed = System.nanoTime() - start;
                    if (error != null) {
                        errors[index]++;
                        if (firstErrors[index] == null) {
                            firstErrors[index] = error;
                        }
                        continue;
                    }
                    if (n == samples.length) {
                        samples = Arrays.copyOf(samples, samples.length * 2);
                    }
                    samples[n++] = elapsed;
                }
                latencies[index] = Arrays.copyOf(samples, n);
                counts[index] = n;
            }, "dashboard-client-" + client);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(duration.toMillis() + 60_000);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        String firstError = Arrays.stream(firstErrors).filter(e -> e != null).findFirst().orElse("");
        return new Result(Arrays.stream(counts).sum(), Arrays.stream(errors).sum(), seconds, all, firstError);
    }

    @FunctionalInterface
    private interface Call
    {
        QueryResponse call(HolocronProxyServiceBlockingStub stub, QueryRequest request);
    }

    private static void report(String name, int clients, Result result)
    {
        System.out.printf("| %s | %d | %d | %.0f | %.1f | %.1f | %d |%n", name, clients, result.queries(), result.queries() / result.seconds(),
                percentile(result.latenciesNanos(), 0.50), percentile(result.latenciesNanos(), 0.99), result.errors());
        if (result.errors() > 0) {
            System.out.println("  first error: " + result.firstError());
        }
    }

    private static double percentile(long[] sorted, double fraction)
    {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] / 1e6;
    }

    /** The queries the node answers; the others are printed with the node's reason and left out. */
    private static List<String> supported(String name, List<String> queries, HolocronProxyServiceBlockingStub stub)
    {
        List<String> supported = new ArrayList<>();
        for (String sql : queries) {
            QueryResponse response = stub.withDeadlineAfter(30, TimeUnit.SECONDS).proxy(request(sql, Map.of()));
            if (response.getStatus() == QueryStatus.OK) {
                supported.add(sql);
            }
            else {
                System.out.println("dashboard: " + name + " query not supported by this node, left out: " + response.getStatus() + " "
                        + response.getErrorMessage() + "\n    " + sql);
            }
        }
        System.out.println("dashboard: " + name + ": " + supported.size() + " of " + queries.size() + " queries run");
        return supported;
    }

    private static QueryRequest request(String sql, Map<String, String> context)
    {
        return QueryRequest.newBuilder().setQuery(sql).setResultFormat(QueryResultFormat.JSON_ARRAY_LINES).putAllContext(context).build();
    }

    private static void awaitHealthy(int httpPort, Duration timeout)
            throws InterruptedException
    {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/status/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            }
            catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The node did not become healthy within " + timeout);
    }

    private static int freePort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> options(String[] arguments)
    {
        Map<String, String> options = new java.util.HashMap<>();
        for (String argument : arguments) {
            if (!argument.startsWith("--") || !argument.contains("=")) {
                throw new IllegalArgumentException("Options are --name=value, got " + argument);
            }
            options.put(argument.substring(2, argument.indexOf('=')), argument.substring(argument.indexOf('=') + 1));
        }
        return options;
    }
}
