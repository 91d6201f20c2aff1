package dev.grove.cli;

import dev.grove.client.BasicCredentials;
import dev.grove.client.GroveAdminClient;
import dev.grove.client.GroveProducer;
import dev.grove.client.ProducerConfig;
import dev.grove.config.ConfigKey;
import dev.grove.demo.DemoDatasources;
import dev.grove.demo.SagaSimulation;
import dev.grove.gateway.Access;
import dev.grove.gateway.Action;
import dev.grove.gateway.Permission;
import dev.grove.gateway.ResourceType;
import dev.grove.node.GroveNode;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * {@code grove start --demo}: creates the saga datasources and streams the simulation into the node
 * through its own gRPC port, exactly as an outside producer would.
 */
final class DemoLauncher
{
    /** Seed 001's three example queries, by title. */
    static final Map<String, String> EXAMPLE_QUERIES = exampleQueries();
    private static final String DEMO_USER = "demo";

    private DemoLauncher() {}

    static AutoCloseable start(GroveNode node)
    {
        String target = loopback(node.config().host()) + ":" + node.grpcPort();
        ManagedChannelBuilder<?> channelBuilder = ManagedChannelBuilder.forTarget(target).usePlaintext();
        if (node.config().auth().enabled()) {
            // the demo's producer authenticates like any service: its own user, allowed only the demo's datasources
            channelBuilder.intercept(BasicCredentials.of(DEMO_USER, node.securityAdmin().resetServiceUser(DEMO_USER, demoPermissions())));
        }
        ManagedChannel channel = channelBuilder.build();
        try (GroveAdminClient admin = new GroveAdminClient(channel, Duration.ofSeconds(60))) {
            DemoDatasources.createAll(admin);
        }
        GroveProducer producer = new GroveProducer(ProducerConfig.builder(target).linger(Duration.ofMillis(20)).build(), channel);
        SagaSimulation simulation = new SagaSimulation(producer, node.config().demoEventsPerSecond(), RandomGenerator.getDefault(), InstantSource.system()).start();
        return () -> {
            simulation.close();
            producer.close(Duration.ofSeconds(10));
            channel.shutdown();
            SagaSimulation.Stats stats = simulation.stats();
            System.err.printf("grove demo: %d sagas, %d events sent, %d acknowledged, %d failed%n", stats.sagas(), stats.sent(), stats.acknowledged(), stats.failed());
        };
    }

    static void printExamples(GroveNode node)
    {
        System.out.println();
        System.out.println("Demo: a saga simulation streams " + node.config().demoEventsPerSecond()
                + " events/s into orders, payments, stock and saga_events.");
        System.out.println("Try, in another terminal:");
        exampleCommands(node.config().host(), node.httpPort()).forEach(command -> System.out.println(command.isEmpty() ? "" : "  " + command));
        System.out.println();
    }

    /**
     * The example commands as they work when copied: curl at the node's real address, and {@code ./grove sql}
     * with {@code --host} and {@code --http-port} whenever they differ from what the CLI assumes.
     */
    static List<String> exampleCommands(String host, int httpPort)
    {
        String address = loopback(host);
        List<String> commands = new ArrayList<>();
        commands.add("curl -d '{\"query\":\"SELECT COUNT(*) FROM orders\"}' -H 'Content-Type: application/json' "
                + "http://" + address + ":" + httpPort + "/druid/v2/sql");
        String grove = groveSql(host, httpPort);
        EXAMPLE_QUERIES.forEach((title, sql) -> {
            commands.add("");
            commands.add("-- " + title);
            commands.add(grove + " \"" + sql.replace("\n", " ").replaceAll(" +", " ").trim() + "\"");
        });
        return commands;
    }

    /** {@code ./grove sql} with the flags that point it at this node, none when the node uses the defaults. */
    static String groveSql(String host, int httpPort)
    {
        String address = loopback(host);
        return "./grove sql" + (address.equals(ConfigKey.HOST.defaultValue()) ? "" : " --host " + address)
                + (String.valueOf(httpPort).equals(ConfigKey.HTTP_PORT.defaultValue()) ? "" : " --http-port " + httpPort);
    }

    private static List<Permission> demoPermissions()
    {
        String datasources = DemoDatasources.ALL.stream().map(datasource -> datasource.getName()).collect(Collectors.joining("|"));
        return List.of(new Permission(ResourceType.CONFIG, Access.CONFIG, Action.WRITE),
                new Permission(ResourceType.DATASOURCE, datasources, Action.READ),
                new Permission(ResourceType.DATASOURCE, datasources, Action.WRITE));
    }

    private static String loopback(String host)
    {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    private static Map<String, String> exampleQueries()
    {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("Saga performance", """
                SELECT service, status, COUNT(*) AS count, AVG(durationMs) AS avg_duration_ms, MAX(durationMs) AS max_duration_ms
                FROM saga_events
                WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '1' HOUR
                GROUP BY 1, 2
                ORDER BY 1, 2""");
        queries.put("Top customers (with names)", """
                SELECT customerName, COUNT(*) AS orders, SUM(totalAmount) AS revenue
                FROM orders
                WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '24' HOUR AND sagaStatus = 'COMPLETED'
                GROUP BY 1
                ORDER BY 3 DESC
                LIMIT 10""");
        queries.put("Failed payments analysis", """
                SELECT failureReason, paymentMethod, COUNT(*) AS failures, SUM(amount) AS lost_revenue
                FROM payments
                WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '7' DAY AND sagaStatus = 'FAILED'
                GROUP BY 1, 2
                ORDER BY 3 DESC""");
        return Collections.unmodifiableMap(queries);
    }
}
