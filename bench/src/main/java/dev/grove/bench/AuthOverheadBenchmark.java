package dev.grove.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.client.BasicCredentials;
import dev.grove.client.GroveAdminClient;
import dev.grove.client.GroveProducer;
import dev.grove.client.ProducerConfig;
import dev.grove.config.AuthConfig;
import dev.grove.config.GroveConfig;
import dev.grove.demo.DemoDatasources;
import dev.grove.demo.SagaSimulation;
import dev.grove.node.GroveNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What authentication and a policy rewrite add to a query's latency: seed 001's three queries over HTTP,
 * one at a time, against a node without authentication, and against a node with it as an unrestricted
 * user (Basic, after its first, hashed login) and as a user with a row filter and a column mask. The three
 * modes take turns query by query, so a load change on the machine falls on all of them alike.
 *
 * <p>{@code bench/run-auth.sh [--rounds N] [--events N]}
 */
public final class AuthOverheadBenchmark
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> QUERIES = List.of(
            "SELECT service, status, COUNT(*) AS count, AVG(durationMs) AS avg_duration_ms, MAX(durationMs) AS max_duration_ms FROM saga_events "
                    + "WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '1' HOUR GROUP BY 1, 2 ORDER BY 1, 2",
            "SELECT customerName, COUNT(*) AS orders, SUM(totalAmount) AS revenue FROM orders WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '24' HOUR "
                    + "AND sagaStatus = 'COMPLETED' GROUP BY 1 ORDER BY 3 DESC LIMIT 10",
            "SELECT failureReason, paymentMethod, COUNT(*) AS failures, SUM(amount) AS lost_revenue FROM payments WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '7' DAY "
                    + "AND sagaStatus = 'FAILED' GROUP BY 1, 2 ORDER BY 3 DESC");
    private static final String PASSWORD = "bench-password-1";

    private AuthOverheadBenchmark() {}

    public static void main(String[] args)
            throws Exception
    {
        int rounds = intOption(args, "--rounds", 300);
        int events = intOption(args, "--events", 20_000);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (TemporaryDirectory open = TemporaryDirectory.create("grove-auth-bench-open");
                TemporaryDirectory secured = TemporaryDirectory.create("grove-auth-bench-auth");
                GroveNode openNode = GroveNode.start(GroveConfig.defaults().withDataDir(open.path()).withPorts(0, 0));
                GroveNode authNode = GroveNode.start(GroveConfig.defaults().withDataDir(secured.path()).withPorts(0, 0).withAuth(AuthConfig.on()))) {
            String admin = BasicCredentials.of("admin", authNode.generatedAdminPassword().orElseThrow()).headerValue();
            load(openNode, null, events);
            load(authNode, BasicCredentials.of("admin", authNode.generatedAdminPassword().orElseThrow()), events);
            String base = "http://127.0.0.1:" + authNode.httpPort();
            for (String[] call : new String[][] {
                    {"POST", "/druid-ext/basic-security/authentication/db/basic/users/analyst", null},
                    {"POST", "/druid-ext/basic-security/authentication/db/basic/users/analyst/credentials", "{\"password\":\"" + PASSWORD + "\"}"},
                    {"POST", "/druid-ext/basic-security/authorization/db/basic/roles/tenant", null},
                    {"POST", "/druid-ext/basic-security/authorization/db/basic/roles/tenant/permissions",
                            "[{\"resource\":{\"name\":\".*\",\"type\":\"DATASOURCE\"},\"action\":\"READ\"}]"},
                    {"POST", "/druid-ext/basic-security/authorization/db/basic/users/analyst/roles/tenant", null},
                    {"PUT", "/grove/v1/policies/tenant/orders", "{\"rowFilter\":\"sagaStatus <> 'FAILED'\",\"columnMasks\":{\"customerName\":{\"type\":\"lastN\",\"keep\":3}}}"},
                    {"PUT", "/grove/v1/policies/tenant/payments", "{\"rowFilter\":\"amount < 1000000\"}"},
                    {"PUT", "/grove/v1/policies/tenant/saga_events", "{\"rowFilter\":\"service <> 'nobody'\"}"}}) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + call[1])).header("Authorization", admin)
                        .header("Content-Type", "application/json").method(call[0], call[2] == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(call[2])).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 300) {
                    throw new IllegalStateException(call[1] + " answered " + response.statusCode() + ": " + response.body());
                }
            }
            Map<String, Mode> modes = new LinkedHashMap<>();
            modes.put("no authentication", new Mode("http://127.0.0.1:" + openNode.httpPort(), null));
            modes.put("Basic, unrestricted (admin)", new Mode(base, admin));
            modes.put("Basic, row filter + mask", new Mode(base, BasicCredentials.of("analyst", PASSWORD).headerValue()));
            // warm-up, including each user's one slow (hashed) login
            for (int i = 0; i < 30; i++) {
                for (Mode mode : modes.values()) {
                    for (String query : QUERIES) {
                        mode.run(http, query);
                    }
                }
            }
            modes.values().forEach(Mode::reset);
            for (int round = 0; round < rounds; round++) {
                for (String query : QUERIES) {
                    for (Mode mode : modes.values()) {
                        mode.time(http, query);
                    }
                }
            }
            System.out.printf("%-30s %10s %10s %12s%n", "mode", "p50 ms", "p99 ms", "Δp50 ms");
            double baseline = modes.get("no authentication").percentile(0.50);
            modes.forEach((name, mode) -> System.out.printf("%-30s %10.3f %10.3f %12.3f%n", name, mode.percentile(0.50), mode.percentile(0.99),
                    mode.percentile(0.50) - baseline));
            System.out.printf("%d rounds of the 3 seed queries per mode, %d saga events per node, %d cores%n", rounds, events, Runtime.getRuntime().availableProcessors());
        }
    }

    private static void load(GroveNode node, BasicCredentials credentials, int events)
            throws Exception
    {
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext();
        if (credentials != null) {
            builder.intercept(credentials);
        }
        ManagedChannel channel = builder.build();
        try (GroveAdminClient admin = new GroveAdminClient(channel, Duration.ofSeconds(60))) {
            DemoDatasources.createAll(admin);
            try (GroveProducer producer = new GroveProducer(ProducerConfig.builder("127.0.0.1:" + node.grpcPort()).build(), channel)) {
                RandomGenerator random = new SplittableRandom(7);
                SagaSimulation simulation = new SagaSimulation(producer, 20_000, random, InstantSource.system()).start();
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (simulation.stats().acknowledged() < events && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                simulation.close();
                producer.flush();
            }
        }
        finally {
            channel.shutdownNow();
        }
    }

    private static int intOption(String[] args, String name, int fallback)
    {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static final class Mode
    {
        private final String base;
        private final String authorization;
        private final List<Long> nanos = new ArrayList<>();

        Mode(String base, String authorization)
        {
            this.base = base;
            this.authorization = authorization;
        }

        void run(HttpClient http, String query)
                throws Exception
        {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/druid/v2/sql")).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query, "resultFormat", "array"))));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("query answered " + response.statusCode() + ": " + response.body());
            }
        }

        void time(HttpClient http, String query)
                throws Exception
        {
            long started = System.nanoTime();
            run(http, query);
            nanos.add(System.nanoTime() - started);
        }

        void reset()
        {
            nanos.clear();
        }

        double percentile(double fraction)
        {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(fraction * sorted.length))] / 1e6;
        }
    }
}
