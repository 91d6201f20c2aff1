package dev.grove.node;

import com.google.protobuf.ByteString;
import dev.grove.config.GroveConfig;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.GetDatasourceRequest;
import dev.grove.proto.admin.v1.TimestampFormat;
import dev.grove.proto.ingest.v1.Acks;
import dev.grove.proto.ingest.v1.InitProducerRequest;
import dev.grove.proto.ingest.v1.InitProducerResponse;
import dev.grove.proto.ingest.v1.PartitionAppend;
import dev.grove.proto.ingest.v1.ProduceRequest;
import dev.grove.proto.ingest.v1.ProduceResponse;
import dev.grove.proto.ingest.v1.Record;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Partitioned topics, idempotent producers and ack modes through the real gRPC front door, across restarts.
 */
class StreamsProduceTest
{
    @TempDir
    Path dataDir;

    private GroveNode start()
    {
        return GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0));
    }

    private static Datasource events(String name, int partitions)
    {
        return Datasource.newBuilder()
                .setName(name)
                .setPartitions(partitions)
                .setSchema(DatasourceSchema.newBuilder()
                        .setTimestampColumn("ts")
                        .setTimestampFormat(TimestampFormat.MILLIS)
                        .addDimensions(Column.newBuilder().setName("k").setType(ColumnType.STRING))
                        .addMetrics(Column.newBuilder().setName("n").setType(ColumnType.LONG)))
                .build();
    }

    private static Record record(String key, long n)
    {
        return Record.newBuilder()
                .setKey(ByteString.copyFromUtf8(key))
                .setValue(ByteString.copyFromUtf8("{\"ts\":" + (1000 + n) + ",\"k\":\"" + key + "\",\"n\":" + n + "}"))
                .build();
    }

    private static ProduceRequest.Builder batch(String target, String key, long... ns)
    {
        ProduceRequest.Builder request = ProduceRequest.newBuilder().setTarget(target);
        for (long n : ns) {
            request.addRecords(record(key, n));
        }
        return request;
    }

    private static ProduceRequest idempotent(InitProducerResponse producer, int sequence, long... ns)
    {
        return batch("events", "", ns).setPartition(1).setProducerId(producer.getProducerId()).setProducerEpoch(producer.getProducerEpoch())
                .setBaseSequence(sequence).build();
    }

    @Test
    void recordsAreRoutedByKeyExplicitPartitionOrRoundRobinAndSurviveARestart()
            throws Exception
    {
        long lastInPartition3;
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(events("events", 4)).build());
            assertThat(clients.admin.getDatasource(GetDatasourceRequest.newBuilder().setName("events").build()).getDatasource().getPartitions()).isEqualTo(4);

            // one key, one partition, consecutive offsets there
            ProduceResponse first = clients.ingest.produce(batch("events", "order-1", 1, 2).build());
            ProduceResponse second = clients.ingest.produce(batch("events", "order-1", 3).build());
            assertThat(second.getPartition()).isEqualTo(first.getPartition());
            assertThat(second.getBaseOffset()).isEqualTo(first.getBaseOffset() + 2);

            ProduceResponse explicit = clients.ingest.produce(batch("events", "order-1", 4).setPartition(3).build());
            assertThat(explicit.getPartition()).isEqualTo(3);

            // keyless requests move round-robin
            ProduceResponse a = clients.ingest.produce(batch("events", "", 5).build());
            ProduceResponse b = clients.ingest.produce(batch("events", "", 6).build());
            assertThat(b.getPartition()).isEqualTo((a.getPartition() + 1) % 4);

            // keys spread over partitions: each share is reported
            ProduceRequest.Builder mixed = ProduceRequest.newBuilder().setTarget("events");
            for (int i = 0; i < 20; i++) {
                mixed.addRecords(record("key-" + i, 100 + i));
            }
            ProduceResponse spread = clients.ingest.produce(mixed.build());
            assertThat(spread.getCount()).isEqualTo(20);
            assertThat(spread.getAppendsList()).hasSizeGreaterThan(1);
            assertThat(spread.getAppendsList().stream().mapToInt(PartitionAppend::getCount).sum()).isEqualTo(20);

            // a negative partition count is refused; recreating with ifNotExists and another count is a conflict
            assertFailed(() -> clients.admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(events("other", -1)).build()),
                    Status.Code.INVALID_ARGUMENT, "1 to 1024 partitions");
            assertFailed(() -> clients.admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(events("events", 2)).setIfNotExists(true).build()),
                    Status.Code.ALREADY_EXISTS, "partition count");
            assertThat(clients.admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(events("events", 0)).setIfNotExists(true).build())
                    .getAlreadyExisted()).isTrue();
            assertThatThrownBy(() -> clients.ingest.produce(batch("events", "x", 1).setPartition(4).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                    .hasMessageContaining("no partition 4");
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(26);
            lastInPartition3 = clients.ingest.produce(batch("events", "order-1", 7).setPartition(3).build()).getBaseOffset();
        }
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(27);
            ProduceResponse after = clients.ingest.produce(batch("events", "order-1", 8).setPartition(3).build());
            assertThat(after.getBaseOffset()).isEqualTo(lastInPartition3 + 1);
        }
    }

    @Test
    void anIdempotentRetryIsAnsweredWithTheOriginalOffsetsAndGapsAndFencedEpochsAreRefused()
            throws Exception
    {
        InitProducerResponse producer;
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(events("events", 2)).build());
            producer = clients.ingest.initProducer(InitProducerRequest.newBuilder().setProducerName("orders-app").build());
            assertThat(producer.getProducerEpoch()).isZero();

            ProduceResponse landed = clients.ingest.produce(idempotent(producer, 0, 1, 2, 3));
            assertThat(landed.getDuplicate()).isFalse();
            ProduceResponse retried = clients.ingest.produce(idempotent(producer, 0, 1, 2, 3));
            assertThat(retried.getDuplicate()).isTrue();
            assertThat(retried.getBaseOffset()).isEqualTo(landed.getBaseOffset());
            assertThat(retried.getPartition()).isEqualTo(1);
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(3);

            // a batch ahead of a missing one is held for it, then fails when it does not come
            assertFailed(() -> clients.ingest.produce(idempotent(producer, 5, 4)), Status.Code.FAILED_PRECONDITION, "expected sequence 3, got 5");
            assertFailed(() -> clients.ingest.produce(idempotent(producer, 1, 4)), Status.Code.FAILED_PRECONDITION, "already used");
            ProduceResponse next = clients.ingest.produce(idempotent(producer, 3, 4, 5));
            assertThat(next.getBaseOffset()).isEqualTo(landed.getBaseOffset() + 3);
            // a record refused by validation still takes its sequence number
            ProduceRequest withBadRecord = idempotent(producer, 5, 6).toBuilder()
                    .addRecords(Record.newBuilder().setValue(ByteString.copyFromUtf8("not json"))).build();
            ProduceResponse partly = clients.ingest.produce(withBadRecord);
            assertThat(partly.getCount()).isEqualTo(1);
            assertThat(partly.getErrorsList()).hasSize(1);

            assertFailed(() -> clients.ingest.produce(idempotent(producer, 7, 7).toBuilder().setProducerEpoch(40_000).build()),
                    Status.Code.INVALID_ARGUMENT, "producerEpoch must be between 0 and 32767");
            assertFailed(() -> clients.ingest.produce(idempotent(producer, -1, 7)), Status.Code.INVALID_ARGUMENT, "baseSequence must be 0 or more");
            assertFailed(() -> clients.ingest.produce(idempotent(producer, 7, 7).toBuilder().setProducerId(0).build()), Status.Code.INVALID_ARGUMENT, "producerId");
            assertFailed(() -> clients.ingest.produce(idempotent(producer, 7, 7).toBuilder().setPartition(-1).build()), Status.Code.INVALID_ARGUMENT, "partition must be 0 or more");
            assertFailed(() -> clients.ingest.produce(batch("events", "k", 1).setAcksValue(7).build()), Status.Code.INVALID_ARGUMENT, "Unknown acks value 7");
            assertFailed(() -> clients.ingest.initProducer(InitProducerRequest.newBuilder().setProducerName("p".repeat(300)).build()),
                    Status.Code.INVALID_ARGUMENT, "1 to 255 characters");
            // an idempotent batch whose keys map to two partitions is refused whole
            ProduceRequest.Builder twoPartitions = batch("events", "a", 1).addRecords(record("b", 2)).addRecords(record("c", 3)).addRecords(record("d", 4))
                    .setProducerId(producer.getProducerId()).setProducerEpoch(0).setBaseSequence(0);
            assertFailed(() -> clients.ingest.produce(twoPartitions.build()), Status.Code.INVALID_ARGUMENT, "goes to one partition");
            assertFailed(() -> clients.ingest.produce(idempotent(producer, 7, 7).toBuilder().setAcks(Acks.ACKS_NONE).build()),
                    Status.Code.INVALID_ARGUMENT, "acks durable or buffered");
            assertFailed(() -> clients.ingest.produce(idempotent(producer, 7, 7).toBuilder().setProducerId(424242).build()),
                    Status.Code.FAILED_PRECONDITION, "never issued");
        }
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            // the state came back from the batch headers: the last batch is still a duplicate, the next sequence goes on
            ProduceResponse retriedAfterRestart = clients.ingest.produce(idempotent(producer, 3, 4, 5));
            assertThat(retriedAfterRestart.getDuplicate()).isTrue();
            assertThat(retriedAfterRestart.getBaseOffset()).isEqualTo(3);
            // sent ahead of its predecessor (concurrent calls, or a retry of the earlier one): held, then written in order
            var ahead = clients.ingestAsync().produce(idempotent(producer, 8, 8));
            assertThat(clients.ingest.produce(idempotent(producer, 7, 7)).getBaseOffset()).isEqualTo(6);
            assertThat(ahead.get(30, java.util.concurrent.TimeUnit.SECONDS).getBaseOffset()).isEqualTo(7);
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(8);

            // a second instance under the same name fences the first, on every partition
            InitProducerResponse successor = clients.ingest.initProducer(InitProducerRequest.newBuilder().setProducerName("orders-app").build());
            assertThat(successor.getProducerId()).isEqualTo(producer.getProducerId());
            assertThat(successor.getProducerEpoch()).isEqualTo(1);
            assertFailed(() -> clients.ingest.produce(idempotent(producer, 9, 9)), Status.Code.FAILED_PRECONDITION, "fenced");
            assertFailed(() -> clients.ingest.produce(idempotent(producer, 0, 9).toBuilder().setPartition(0).build()), Status.Code.FAILED_PRECONDITION, "fenced");
            assertThat(clients.ingest.produce(idempotent(successor, 0, 9)).getBaseOffset()).isEqualTo(8);
            InitProducerResponse anonymous = clients.ingest.initProducer(InitProducerRequest.getDefaultInstance());
            assertThat(anonymous.getProducerId()).isNotEqualTo(producer.getProducerId());
        }
    }

    @Test
    void bufferedAndNoneAcksLandToo()
            throws Exception
    {
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.admin.createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(events("events", 1)).build());
            ProduceResponse buffered = clients.ingest.produce(batch("events", "k", 1, 2).setAcks(Acks.ACKS_BUFFERED).build());
            assertThat(buffered.getBaseOffset()).isZero();
            assertThat(buffered.getCount()).isEqualTo(2);
            ProduceResponse none = clients.ingest.produce(batch("events", "k", 3).setAcks(Acks.ACKS_NONE).build());
            assertThat(none.getBaseOffset()).isEqualTo(-1);
            assertThat(none.getCount()).isEqualTo(1);
            // a durable batch after them is acknowledged only once it is visible, and the log keeps order
            ProduceResponse durable = clients.ingest.produce(batch("events", "k", 4).build());
            assertThat(durable.getBaseOffset()).isEqualTo(3);
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(4);
        }
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(4);
        }
    }

    private static void assertFailed(Runnable call, Status.Code code, String message)
    {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code))
                .hasMessageContaining(message);
    }
}
