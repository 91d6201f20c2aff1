package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.grove.log.DatasourceLog;
import dev.grove.log.LogBatch;
import dev.grove.log.LogRecord;
import dev.grove.log.LogSettings;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.TimestampFormat;
import dev.grove.proto.ingest.v1.InitProducerRequest;
import dev.grove.proto.ingest.v1.InitProducerResponse;
import dev.grove.proto.ingest.v1.ProduceRequest;
import dev.grove.proto.ingest.v1.ProduceResponse;
import dev.grove.proto.ingest.v1.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotent producers stream at full speed into two partitions while the node is killed with
 * SIGKILL several times and restarted; each producer retries its unanswered batch with the same
 * sequence number until a node answers. Afterwards every acknowledged record is in the log and the
 * table exactly once, and each producer's records are in order within its partition.
 */
class IdempotentCrashTest
{
    private static final int PRODUCERS = 4;
    private static final int PARTITIONS = 2;
    private static final int BATCH = 50;
    private static final int KILLS = 3;
    private static final long SEQUENCE_RANGE = 100_000_000L;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedRecordIsThereExactlyOnceAndInOrderAfterRepeatedKills()
            throws Exception
    {
        AtomicReference<NodeClients> current = new AtomicReference<>();
        long[] acknowledged = new long[PRODUCERS];
        NodeProcess node = NodeProcess.start(dataDir);
        try {
            current.set(new NodeClients(node.grpcPort, node.httpPort));
            current.get().admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(events()).build());
            List<InitProducerResponse> ids = new ArrayList<>();
            for (int producer = 0; producer < PRODUCERS; producer++) {
                ids.add(current.get().ingest.initProducer(InitProducerRequest.newBuilder().setProducerName("crash-" + producer).build()));
            }
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
            List<Future<?>> running = new ArrayList<>();
            for (int producer = 0; producer < PRODUCERS; producer++) {
                int id = producer;
                running.add(producers.submit(() -> {
                    produce(current, ids.get(id), id, acknowledged, stop);
                    return null;
                }));
            }
            for (int kill = 0; kill < KILLS; kill++) {
                long before = totalOf(acknowledged);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (System.nanoTime() < deadline && totalOf(acknowledged) < before + 1_000) {
                    Thread.sleep(20);
                }
                node.kill();
                current.getAndSet(null).close();
                node = NodeProcess.start(dataDir);
                current.set(new NodeClients(node.grpcPort, node.httpPort));
            }
            long before = totalOf(acknowledged);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && totalOf(acknowledged) < before + 500) {
                Thread.sleep(20);
            }
            stop.set(true);
            for (Future<?> future : running) {
                future.get(60, TimeUnit.SECONDS);
            }
            producers.shutdownNow();
            assertThat(totalOf(acknowledged)).as("records acknowledged").isGreaterThan(KILLS * 1_000L);

            NodeClients clients = current.get();
            long total = clients.count("SELECT COUNT(*) FROM events");
            assertThat(clients.count("SELECT COUNT(DISTINCT seq) FROM events")).as("no record is stored twice").isEqualTo(total);
            for (int producer = 0; producer < PRODUCERS; producer++) {
                long base = producer * SEQUENCE_RANGE;
                assertThat(clients.count("SELECT COUNT(*) FROM events WHERE seq >= " + base + " AND seq < " + (base + acknowledged[producer])))
                        .as("acknowledged records of producer " + producer).isEqualTo(acknowledged[producer]);
            }
            node.terminate();
        }
        finally {
            NodeClients clients = current.get();
            if (clients != null) {
                clients.close();
            }
            node.close();
        }

        // the log itself: each producer's records once each, in sequence order within their partition
        Map<Integer, List<Long>> seqsByProducer = new HashMap<>();
        DatasourceLog.open(dataDir.resolve("log").resolve("events"), PARTITIONS, LogSettings.DEFAULT, (partition, batch) -> {
            for (LogRecord record : batch.records()) {
                long seq = seqOf(record);
                int producer = (int) (seq / SEQUENCE_RANGE);
                assertThat(partition).isEqualTo(producer % PARTITIONS);
                seqsByProducer.computeIfAbsent(producer, p -> new ArrayList<>()).add(seq);
            }
        }).close();
        for (int producer = 0; producer < PRODUCERS; producer++) {
            List<Long> seqs = seqsByProducer.getOrDefault(producer, List.of());
            assertThat(seqs).as("records of producer " + producer + " in the log").hasSizeGreaterThanOrEqualTo((int) acknowledged[producer]);
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("record " + i + " of producer " + producer).isEqualTo(producer * SEQUENCE_RANGE + i);
            }
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
                        .addMetrics(Column.newBuilder().setName("seq").setType(ColumnType.LONG)))
                .build();
    }

    /** Sends batches in order; an unanswered batch is resent unchanged (same sequence) until a node answers it. */
    private static void produce(AtomicReference<NodeClients> current, InitProducerResponse producer, int id, long[] acknowledged, AtomicBoolean stop)
            throws InterruptedException
    {
        long next = id * SEQUENCE_RANGE;
        int sequence = 0;
        long lastOffset = -1;
        while (!stop.get()) {
            ProduceRequest.Builder request = ProduceRequest.newBuilder()
                    .setTarget("events")
                    .setPartition(id % PARTITIONS)
                    .setProducerId(producer.getProducerId())
                    .setProducerEpoch(producer.getProducerEpoch())
                    .setBaseSequence(sequence);
            for (int i = 0; i < BATCH; i++) {
                request.addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8("{\"ts\":" + (1000 + next + i) + ",\"seq\":" + (next + i) + "}")));
            }
            ProduceResponse response = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (response == null) {
                NodeClients clients = current.get();
                try {
                    if (clients != null) {
                        response = clients.ingest.withDeadlineAfter(10, TimeUnit.SECONDS).produce(request.build());
                        break;
                    }
                }
                catch (RuntimeException e) {
                    if (e.getMessage() != null && e.getMessage().contains("FAILED_PRECONDITION")) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("No node answered producer " + id + " for 90 s");
                }
                Thread.sleep(20);
            }
            if (response.getCount() != BATCH) {
                throw new IllegalStateException("Batch partly refused: " + response.getErrorsList());
            }
            if (response.getBaseOffset() <= lastOffset) {
                throw new IllegalStateException("Producer " + id + " got offset " + response.getBaseOffset() + " after " + lastOffset);
            }
            lastOffset = response.getBaseOffset();
            next += BATCH;
            sequence += BATCH;
            synchronized (acknowledged) {
                acknowledged[id] += BATCH;
            }
        }
    }

    private static long seqOf(LogRecord record)
    {
        try {
            JsonNode json = NodeClients.JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
            return json.get("seq").asLong();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
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
