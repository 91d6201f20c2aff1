package dev.grove.node;

import dev.grove.client.GroveProducer;
import dev.grove.client.ProducerConfig;
import dev.grove.client.RecordMetadata;
import dev.grove.config.GroveConfig;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.TimestampFormat;
import dev.grove.proto.ingest.v1.Acks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SDK producer against a real node: batches per partition with the node's key hash, idempotent
 * sends, and each ack mode.
 */
class ProducerSdkStreamsTest
{
    @TempDir
    Path dataDir;

    @Test
    void keyedRecordsLandInTheirKeysPartitionInOrderUnderEachAckMode()
            throws Exception
    {
        try (GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0));
                NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(Datasource.newBuilder()
                    .setName("events")
                    .setPartitions(3)
                    .setSchema(DatasourceSchema.newBuilder().setTimestampColumn("ts").setTimestampFormat(TimestampFormat.MILLIS)
                            .addDimensions(Column.newBuilder().setName("k").setType(ColumnType.STRING))
                            .addMetrics(Column.newBuilder().setName("n").setType(ColumnType.LONG))))
                    .build());
            String target = "127.0.0.1:" + node.grpcPort();
            int sent = 0;
            for (Acks acks : List.of(Acks.ACKS_DURABLE, Acks.ACKS_BUFFERED)) {
                try (GroveProducer producer = new GroveProducer(ProducerConfig.builder(target).idempotence(true).acks(acks).batchSize(50)
                        .linger(Duration.ofMillis(1)).build())) {
                    List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
                    for (int i = 0; i < 600; i++) {
                        futures.add(producer.send("events", ("key-" + i % 7).getBytes(StandardCharsets.UTF_8),
                                ("{\"ts\":" + (1000 + i) + ",\"k\":\"key-" + i % 7 + "\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), 0));
                    }
                    producer.flush();
                    Map<Integer, Integer> partitionOfKey = new HashMap<>();
                    Map<Integer, Long> lastOffset = new HashMap<>();
                    for (int i = 0; i < futures.size(); i++) {
                        RecordMetadata metadata = futures.get(i).join();
                        assertThat(partitionOfKey.computeIfAbsent(i % 7, key -> metadata.partition())).isEqualTo(metadata.partition());
                        Long last = lastOffset.put(metadata.partition(), metadata.offset());
                        assertThat(metadata.offset()).isGreaterThan(last == null ? -1 : last);
                    }
                    assertThat(lastOffset.keySet()).hasSizeGreaterThan(1);
                }
                sent += 600;
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (clients.count("SELECT COUNT(*) FROM events") < sent && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(sent);
            }
            try (GroveProducer producer = new GroveProducer(ProducerConfig.builder(target).acks(Acks.ACKS_NONE).build())) {
                RecordMetadata metadata = producer.send("events", "{\"ts\":5000,\"k\":\"none\",\"n\":1}").get();
                assertThat(metadata.offset()).isEqualTo(-1);
            }
            assertThatThrownBy(() -> ProducerConfig.builder(target).idempotence(true).acks(Acks.ACKS_NONE).build())
                    .hasMessageContaining("idempotence needs acks");
        }
    }
}
