package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.client.GroveProducer;
import dev.grove.client.ProducerConfig;
import dev.grove.client.RecordMetadata;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The idempotent SDK producer at full speed while the node is killed with SIGKILL three times and
 * restarted on the same ports: every acknowledged record is stored exactly once, and within a
 * partition acknowledged records have offsets in the order they were sent.
 */
class ProducerCrashTest
{
    private static final int PARTITIONS = 2;
    private static final int KILLS = 3;
    private static final int KEYS = 16;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedRecordIsStoredOnceAndInOrderPerPartition()
            throws Exception
    {
        NodeProcess node = NodeProcess.start(dataDir);
        int grpcPort = node.grpcPort;
        int httpPort = node.httpPort;
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        List<Integer> keys = new ArrayList<>();
        try {
            try (NodeClients clients = new NodeClients(grpcPort, httpPort)) {
                clients.admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(events()).build());
            }
            ProducerConfig config = ProducerConfig.builder("127.0.0.1:" + grpcPort)
                    .producerName("crash-test")
                    .batchSize(200)
                    .linger(Duration.ofMillis(2))
                    .requestTimeout(Duration.ofSeconds(5))
                    .retries(200)
                    .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                    .build();
            try (GroveProducer producer = new GroveProducer(config)) {
                AtomicBoolean stop = new AtomicBoolean();
                Thread sending = new Thread(() -> {
                    // bounded: at most 2M records
                    for (int seq = 0; seq < 2_000_000 && !stop.get(); seq++) {
                        int key = seq % KEYS;
                        CompletableFuture<RecordMetadata> future = producer.send("events", ("key-" + key).getBytes(StandardCharsets.UTF_8),
                                ("{\"ts\":" + (1000 + seq) + ",\"k\":\"key-" + key + "\",\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8), 0);
                        synchronized (futures) {
                            futures.add(future);
                            keys.add(key);
                        }
                    }
                }, "crash-test-sender");
                sending.start();
                for (int kill = 0; kill < KILLS; kill++) {
                    waitForAcks(futures, 2_000);
                    node.kill();
                    node = NodeProcess.start(dataDir, grpcPort, httpPort, Map.of());
                }
                waitForAcks(futures, 2_000);
                stop.set(true);
                sending.join(30_000);
                producer.flush();
            }

            Set<Long> acknowledged = new HashSet<>();
            Map<Integer, Long> lastOffsetOfPartition = new HashMap<>();
            Map<Integer, Integer> partitionOfKey = new HashMap<>();
            for (int seq = 0; seq < futures.size(); seq++) {
                RecordMetadata metadata;
                try {
                    metadata = futures.get(seq).join();
                }
                catch (CompletionException e) {
                    continue;
                }
                acknowledged.add((long) seq);
                assertThat(partitionOfKey.computeIfAbsent(keys.get(seq), k -> metadata.partition())).as("partition of a key").isEqualTo(metadata.partition());
                Long last = lastOffsetOfPartition.put(metadata.partition(), metadata.offset());
                if (last != null) {
                    assertThat(metadata.offset()).as("offset of record " + seq + " in partition " + metadata.partition()).isGreaterThan(last);
                }
            }
            assertThat(acknowledged.size()).as("records acknowledged").isGreaterThan(KILLS * 2_000);
            assertThat(new HashSet<>(partitionOfKey.values())).as("both partitions used").hasSize(PARTITIONS);

            try (NodeClients clients = new NodeClients(grpcPort, httpPort)) {
                long total = clients.count("SELECT COUNT(*) FROM events");
                assertThat(clients.count("SELECT COUNT(DISTINCT seq) FROM events")).as("no record stored twice").isEqualTo(total);
                JsonNode rows = NodeClients.JSON.readTree(clients.postSql("{\"query\":\"SELECT seq FROM events\",\"resultFormat\":\"array\"}").body());
                Set<Long> stored = new HashSet<>();
                rows.forEach(row -> stored.add(row.get(0).asLong()));
                assertThat(stored).as("every acknowledged record is stored").containsAll(acknowledged);
            }
            node.terminate();
        }
        finally {
            node.close();
        }
    }

    private static void waitForAcks(List<CompletableFuture<RecordMetadata>> futures, int more)
            throws InterruptedException
    {
        long target = acked(futures) + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acked(futures) < target && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static long acked(List<CompletableFuture<RecordMetadata>> futures)
    {
        synchronized (futures) {
            return futures.stream().filter(future -> future.isDone() && !future.isCompletedExceptionally()).count();
        }
    }

    private static Datasource events()
    {
        return Datasource.newBuilder()
                .setName("events")
                .setPartitions(PARTITIONS)
                .setSchema(DatasourceSchema.newBuilder()
                        .setTimestampColumn("ts")
                        .setTimestampFormat(TimestampFormat.MILLIS)
                        .addDimensions(Column.newBuilder().setName("k").setType(ColumnType.STRING))
                        .addMetrics(Column.newBuilder().setName("seq").setType(ColumnType.LONG)))
                .build();
    }
}
