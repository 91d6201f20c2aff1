package dev.grove.bench.vskafka;

import com.yammer.metrics.core.Metric;
import dev.grove.bench.TemporaryDirectory;
import com.yammer.metrics.core.MetricName;
import com.yammer.metrics.core.Timer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.metrics.KafkaYammerMetrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * One Apache Kafka node in this JVM, combined broker and KRaft controller, started the way
 * {@code kafka-server-start.sh} starts it ({@link KafkaRaftServer}), with both listeners on 127.0.0.1 and
 * its log and metadata directories in a temporary directory that {@link #close()} deletes.
 *
 * <p>Not {@code KafkaClusterTestKit} (build-notes.md's in-JVM broker for tests): its pre-bound sockets
 * listen on the wildcard address, and the bench must stay on loopback.
 *
 * <p>Every produce to a topic created with {@code durable = true} is fsynced by the broker before it is
 * acknowledged ({@code flush.messages=1}, the topic form of {@code log.flush.interval.messages=1}); other
 * topics keep Kafka's default, which leaves flushing to the OS page cache.
 */
final class EmbeddedKafka
        implements AutoCloseable
{
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final String LOOPBACK = "127.0.0.1";

    private final TemporaryDirectory directory;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Admin admin;

    private EmbeddedKafka(TemporaryDirectory directory, KafkaRaftServer server, String bootstrapServers, Admin admin)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.server = requireNonNull(server, "server is null");
        this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
        this.admin = requireNonNull(admin, "admin is null");
    }

    /** Formats a fresh node in a temporary directory and starts it; waits up to 60 s until it serves metadata. */
    static EmbeddedKafka start()
            throws Exception
    {
        TemporaryDirectory directory = TemporaryDirectory.create("grove-bench-kafka");
        KafkaRaftServer server = null;
        try {
            int brokerPort = freeLoopbackPort();
            int controllerPort = freeLoopbackPort();
            Path logDirectory = Files.createDirectories(directory.path().resolve("data"));
            Path metadataDirectory = Files.createDirectories(directory.path().resolve("metadata"));
            Map<String, Object> properties = new HashMap<>();
            properties.put("process.roles", "broker,controller");
            properties.put("node.id", "1");
            properties.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
            properties.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
            properties.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
            properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            properties.put("controller.listener.names", "CONTROLLER");
            properties.put("inter.broker.listener.name", "PLAINTEXT");
            properties.put("log.dirs", logDirectory.toString());
            properties.put("metadata.log.dir", metadataDirectory.toString());
            properties.put("auto.create.topics.enable", "false");
            properties.put("offsets.topic.replication.factor", "1");
            properties.put("transaction.state.log.replication.factor", "1");
            properties.put("transaction.state.log.min.isr", "1");
            properties.put("share.coordinator.state.topic.replication.factor", "1");
            properties.put("share.coordinator.state.topic.min.isr", "1");
            properties.put("group.initial.rebalance.delay.ms", "0");
            // room for --batch values larger than the 1 MiB default request (the producer's max.request.size follows the batch)
            properties.put("message.max.bytes", String.valueOf(64 << 20));
            // a deleted topic's files go at once, so one run does not pile up gigabytes
            properties.put("log.segment.delete.delay.ms", "0");
            KafkaConfig config = new KafkaConfig(properties, false);

            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(Set.of(logDirectory.toString(), metadataDirectory.toString()))
                    .setMetadataLogDirectory(metadataDirectory.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();

            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = LOOPBACK + ":" + brokerPort;
            Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
            // ready when the broker is registered and unfenced: describeCluster lists it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    admin.close(Duration.ofSeconds(5));
                    throw new IllegalStateException("Kafka broker did not register within 60 s");
                }
                Thread.sleep(100);
            }
            return new EmbeddedKafka(directory, server, bootstrap, admin);
        }
        catch (Exception | Error e) {
            if (server != null) {
                stop(server);
            }
            directory.close();
            throw e;
        }
    }

    String bootstrapServers()
    {
        return bootstrapServers;
    }

    /** Creates a one-replica topic; {@code durable} makes the broker fsync every append before acknowledging it. */
    void createTopic(String name, int partitions, boolean durable)
            throws Exception
    {
        Map<String, String> configs = new HashMap<>();
        configs.put("min.insync.replicas", "1");
        if (durable) {
            configs.put("flush.messages", "1");
        }
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                .all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void deleteTopic(String name)
            throws Exception
    {
        admin.deleteTopics(List.of(name)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many times the broker has fsynced a log segment so far (Kafka's LogFlushRateAndTimeMs timer). */
    static long logFlushes()
    {
        long flushes = 0;
        for (Map.Entry<MetricName, Metric> entry : KafkaYammerMetrics.defaultRegistry().allMetrics().entrySet()) {
            if (entry.getKey().getName().equals("LogFlushRateAndTimeMs") && entry.getValue() instanceof Timer timer) {
                flushes += timer.count();
            }
        }
        return flushes;
    }

    @Override
    public void close()
    {
        try {
            admin.close(Duration.ofSeconds(10));
        }
        finally {
            stop(server);
            directory.close();
        }
    }

    private static void stop(KafkaRaftServer server)
    {
        server.shutdown();
        server.awaitShutdown();
    }

    /** A port free on 127.0.0.1 right now; KRaft's static voter list needs the controller's port before start. */
    private static int freeLoopbackPort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        }
    }
}
