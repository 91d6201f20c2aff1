package dev.grove.node;

import dev.grove.proto.ingest.v1.ProduceResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a node with SIGKILL while producers stream into it, restarts it on the same data directory,
 * and checks that every acknowledged event is there exactly once.
 */
class CrashRecoveryTest
{
    private static final int PRODUCERS = 4;
    private static final int BATCH = 50;
    private static final long SEQUENCE_RANGE = 100_000_000L;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedEventSurvivesKillDashNine()
            throws Exception
    {
        long[] acknowledged = new long[PRODUCERS];
        try (NodeProcess node = NodeProcess.start(dataDir); NodeClients clients = new NodeClients(node.grpcPort, node.httpPort)) {
            clients.create(NodeClients.events("events").toBuilder()
                    .setSchema(NodeClients.events("events").getSchema().toBuilder()
                            .addMetrics(dev.grove.proto.admin.v1.Column.newBuilder().setName("seq").setType(dev.grove.proto.admin.v1.ColumnType.LONG)))
                    .build());
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
            List<Future<?>> running = new ArrayList<>();
            for (int producer = 0; producer < PRODUCERS; producer++) {
                int id = producer;
                running.add(producers.submit(() -> produceUntilFailure(clients, id, acknowledged, stop)));
            }
            // bounded: stream for a while, then kill mid-stream
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < deadline && totalOf(acknowledged) < 2_000) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            node.kill();
            stop.set(true);
            for (Future<?> future : running) {
                future.get(30, TimeUnit.SECONDS);
            }
            producers.shutdownNow();
        }
        assertThat(totalOf(acknowledged)).as("events acknowledged before the kill").isGreaterThan(0);

        try (NodeProcess node = NodeProcess.start(dataDir); NodeClients clients = new NodeClients(node.grpcPort, node.httpPort)) {
            long total = clients.count("SELECT COUNT(*) FROM events");
            long distinct = clients.count("SELECT COUNT(DISTINCT seq) FROM events");
            assertThat(distinct).as("no event is stored twice").isEqualTo(total);
            for (int producer = 0; producer < PRODUCERS; producer++) {
                long base = producer * SEQUENCE_RANGE;
                long present = clients.count("SELECT COUNT(*) FROM events WHERE seq >= " + base + " AND seq < " + (base + acknowledged[producer]));
                assertThat(present).as("acknowledged events of producer " + producer).isEqualTo(acknowledged[producer]);
            }
            assertThat(total).isGreaterThanOrEqualTo(totalOf(acknowledged));
        }
    }

    @Test
    void sigtermShutsDownGracefullyAndKeepsEverything()
            throws Exception
    {
        long sent = 0;
        try (NodeProcess node = NodeProcess.start(dataDir); NodeClients clients = new NodeClients(node.grpcPort, node.httpPort)) {
            clients.create(NodeClients.events("events"));
            for (int batch = 0; batch < 20; batch++) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    values.add("{\"timestamp\":\"" + Instant.now() + "\",\"quantity\":" + i + "}");
                }
                sent += clients.produce("events", values).getCount();
            }
            int exitCode = node.terminate();
            assertThat(node.output()).as("exit code " + exitCode).contains("Shut down cleanly");
        }
        try (NodeProcess node = NodeProcess.start(dataDir); NodeClients clients = new NodeClients(node.grpcPort, node.httpPort)) {
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(sent);
        }
    }

    /** Sends batches in sequence order; {@code acknowledged[id]} counts the acked prefix. */
    private static void produceUntilFailure(NodeClients clients, int id, long[] acknowledged, AtomicBoolean stop)
    {
        long next = id * SEQUENCE_RANGE;
        while (!stop.get()) {
            List<String> batch = new ArrayList<>(BATCH);
            String now = Instant.now().toString();
            for (int i = 0; i < BATCH; i++) {
                batch.add("{\"timestamp\":\"" + now + "\",\"customerName\":\"c" + (next + i) % 97 + "\",\"quantity\":1,\"seq\":" + (next + i) + "}");
            }
            ProduceResponse response;
            try {
                response = clients.produce("events", batch);
            }
            catch (RuntimeException e) {
                return;
            }
            if (response.getCount() != BATCH) {
                throw new IllegalStateException("Batch partly refused: " + response.getErrorsList());
            }
            next += BATCH;
            synchronized (acknowledged) {
                acknowledged[id] += BATCH;
            }
        }
    }

    private static long totalOf(long[] acknowledged)
    {
        synchronized (acknowledged) {
            long total = 0;
            for (long count : acknowledged) {
                total += count;
            }
            return total;
        }
    }
}
