package dev.grove.cli;

import dev.grove.config.ConfigKey;
import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code grove start}: runs a node until SIGTERM or Ctrl-C, then shuts it down gracefully.
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start a Grove node (and, with --demo, the saga demo).")
final class StartCommand
        implements Callable<Integer>
{
    private static volatile boolean running;

    @Option(names = "--data-dir", description = "Data directory (default: ./data).")
    Path dataDir;

    @Option(names = "--http-port", description = "HTTP port (default: 8888).")
    Integer httpPort;

    @Option(names = "--grpc-port", description = "gRPC port (default: 50051).")
    Integer grpcPort;

    @Option(names = "--pg-port", description = "PostgreSQL wire protocol port (default: 5433).")
    Integer pgPort;

    @Option(names = "--host", description = "Address to bind (default: 127.0.0.1).")
    String host;

    @Option(names = "--config", description = "Properties file with grove.* keys (see docs/configuration.md).")
    Path configFile;

    @Option(names = "--auth", description = "Require authentication and authorize by role (grove.auth.enabled); the first start creates user 'admin' "
            + "with the password in GROVE_ADMIN_PASSWORD, or prints a generated one once.")
    boolean auth;

    @Option(names = "--demo", description = "Create the saga demo datasources and stream simulated events into them.")
    boolean demo;

    @Option(names = "--demo-rate", description = "Demo events per second (default: 200).")
    Integer demoRate;

    static boolean isRunning()
    {
        return running;
    }

    @Override
    public Integer call()
            throws Exception
    {
        Map<String, String> flags = new HashMap<>();
        if (dataDir != null) {
            flags.put(ConfigKey.DATA_DIR.key(), dataDir.toString());
        }
        if (httpPort != null) {
            flags.put(ConfigKey.HTTP_PORT.key(), httpPort.toString());
        }
        if (grpcPort != null) {
            flags.put(ConfigKey.GRPC_PORT.key(), grpcPort.toString());
        }
        if (pgPort != null) {
            flags.put(ConfigKey.PG_PORT.key(), pgPort.toString());
        }
        if (host != null) {
            flags.put(ConfigKey.HOST.key(), host);
        }
        if (auth) {
            flags.put(ConfigKey.AUTH_ENABLED.key(), "true");
        }
        if (demoRate != null) {
            flags.put(ConfigKey.DEMO_RATE.key(), demoRate.toString());
        }
        GroveConfig config;
        try {
            config = ConfigLoader.load(configFile, System.getenv(), flags);
        }
        catch (IllegalArgumentException e) {
            System.err.println("grove: " + e.getMessage());
            return 2;
        }
        GroveNode node;
        try {
            node = GroveNode.start(config);
        }
        catch (RuntimeException e) {
            System.err.println("grove: cannot start: " + e.getMessage());
            return 1;
        }
        AutoCloseable demoRun = demo ? DemoLauncher.start(node) : () -> {};
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                demoRun.close();
            }
            catch (Exception e) {
                System.err.println("grove: stopping the demo failed: " + e.getMessage());
            }
            node.close();
            stopped.countDown();
        }, "grove-shutdown"));
        running = true;
        printBanner(node, demo);
        stopped.await();
        return 0;
    }

    private static void printBanner(GroveNode node, boolean demo)
    {
        String host = node.config().host();
        System.out.println();
        System.out.println("Grove " + GroveNode.version() + " is running.");
        System.out.println("  HTTP (Druid SQL API): http://" + host + ":" + node.httpPort() + "/druid/v2/sql");
        System.out.println("  gRPC (Druid query, Holocron proxy, ingest, admin): " + host + ":" + node.grpcPort());
        if (node.pgPort() >= 0) {
            System.out.println("  PostgreSQL wire protocol (psql, JDBC; Druid SQL): psql -h " + host + " -p " + node.pgPort() + " -U grove grove");
        }
        System.out.println("  SQL from the CLI: " + DemoLauncher.groveSql(host, node.httpPort()));
        System.out.println("  Data directory: " + node.config().dataDir().toAbsolutePath());
        if (node.config().auth().enabled()) {
            System.out.println("  Authentication is on: send HTTP Basic credentials; from the CLI pass --user admin with the password in GROVE_PASSWORD.");
            node.generatedAdminPassword().ifPresent(password -> System.out.println("  Generated password of user 'admin' (shown only now): " + password));
        }
        if (demo) {
            DemoLauncher.printExamples(node);
        }
        System.out.println("Stop with Ctrl-C (graceful).");
        System.out.println();
    }
}
