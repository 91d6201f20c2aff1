package dev.grove.client;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroveProducerTest
{
    private final FakeIngestService ingest = new FakeIngestService();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start()
            throws IOException
    {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(ingest).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop()
    {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private GroveProducer producer(ProducerConfig.Builder config)
    {
        return new GroveProducer(config.build(), channel);
    }

    private static ProducerConfig.Builder config()
    {
        return ProducerConfig.builder("in-process").retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20));
    }

    @Test
    void fullBatchesGoOutWithoutWaitingForLinger()
            throws Exception
    {
        try (GroveProducer producer = producer(config().batchSize(10).linger(Duration.ofHours(1)))) {
            List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                futures.add(producer.send("orders", "{\"n\":" + i + "}"));
            }
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                offsets.add(futures.get(i).get(10, TimeUnit.SECONDS).offset());
            }
            // two batches may be in flight at once, so either may get the lower offsets
            assertThat(offsets).containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
            assertThat(futures.get(24)).isNotDone();
            assertThat(ingest.requests).hasSize(2).allSatisfy(request -> assertThat(request.getRecordsCount()).isEqualTo(10));
            producer.flush();
            assertThat(futures.get(24)).isCompleted();
            assertThat(ingest.requests.get(2).getRecordsCount()).isEqualTo(5);
        }
    }

    @Test
    void partialBatchGoesOutAfterLinger()
            throws Exception
    {
        try (GroveProducer producer = producer(config().batchSize(100).linger(Duration.ofMillis(20)))) {
            RecordMetadata metadata = producer.send("orders", "{}").get(10, TimeUnit.SECONDS);
            assertThat(metadata).isEqualTo(new RecordMetadata("orders", 0));
        }
    }

    @Test
    void batchesArePerDatasource()
    {
        try (GroveProducer producer = producer(config().batchSize(100))) {
            producer.send("orders", "{}");
            producer.send("payments", "{}");
            producer.send("orders", "{}");
            producer.flush();
        }
        assertThat(ingest.requests).extracting(request -> request.getTarget() + ":" + request.getRecordsCount())
                .containsExactlyInAnyOrder("orders:2", "payments:1");
    }

    @Test
    void rejectedRecordFailsAloneAndOffsetsSkipIt()
            throws Exception
    {
        ingest.refusedValues.add("bad");
        try (GroveProducer producer = producer(config().batchSize(3).linger(Duration.ofHours(1)))) {
            CompletableFuture<RecordMetadata> first = producer.send("orders", "good-1");
            CompletableFuture<RecordMetadata> bad = producer.send("orders", "bad");
            CompletableFuture<RecordMetadata> third = producer.send("orders", "good-2");
            assertThat(first.get(10, TimeUnit.SECONDS).offset()).isEqualTo(0);
            assertThat(third.get(10, TimeUnit.SECONDS).offset()).isEqualTo(1);
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(RecordRejectedException.class, e -> {
                        assertThat(e.index()).isEqualTo(1);
                        assertThat(e.getMessage()).contains("refused by the fake");
                    });
        }
    }

    @Test
    void retriableFailuresAreRetriedUntilTheySucceed()
            throws Exception
    {
        ingest.failuresLeft.set(2);
        ingest.failure = Status.UNAVAILABLE;
        try (GroveProducer producer = producer(config())) {
            assertThat(producer.send("orders", "{}").get(10, TimeUnit.SECONDS).offset()).isEqualTo(0);
        }
        assertThat(ingest.requests).hasSize(3);
    }

    @Test
    void retriesAreBounded()
    {
        ingest.failuresLeft.set(100);
        ingest.failure = Status.RESOURCE_EXHAUSTED;
        try (GroveProducer producer = producer(config().retries(2))) {
            CompletableFuture<RecordMetadata> future = producer.send("orders", "{}");
            assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(GroveClientException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        }
        assertThat(ingest.requests).hasSize(3);
    }

    @Test
    void nonRetriableFailureFailsTheWholeBatchAtOnce()
    {
        ingest.failuresLeft.set(1);
        ingest.failure = Status.NOT_FOUND.withDescription("Datasource 'orders' does not exist");
        try (GroveProducer producer = producer(config().batchSize(2).linger(Duration.ofHours(1)))) {
            CompletableFuture<RecordMetadata> first = producer.send("orders", "{}");
            CompletableFuture<RecordMetadata> second = producer.send("orders", "{}");
            for (CompletableFuture<RecordMetadata> future : List.of(first, second)) {
                assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).cause()
                        .isInstanceOfSatisfying(GroveClientException.class, e -> {
                            assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
                            assertThat(e.getMessage()).contains("does not exist");
                        });
            }
        }
        assertThat(ingest.requests).hasSize(1);
    }

    @Test
    void fullBufferFailsTheRecordAfterMaxBlock()
            throws Exception
    {
        ingest.delayMillis = 500;
        try (GroveProducer producer = producer(config().batchSize(1).bufferRecords(1).maxInFlightRequests(1).maxBlock(Duration.ofMillis(50)))) {
            CompletableFuture<RecordMetadata> first = producer.send("orders", "{}");
            CompletableFuture<RecordMetadata> blocked = producer.send("orders", "{}");
            assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(GroveClientException.class, e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
            assertThat(first.get(10, TimeUnit.SECONDS).offset()).isEqualTo(0);
        }
    }

    @Test
    void closeSendsEverythingBuffered()
    {
        List<CompletableFuture<RecordMetadata>> futures = new ArrayList<>();
        try (GroveProducer producer = producer(config().batchSize(7).linger(Duration.ofHours(1)))) {
            for (int i = 0; i < 100; i++) {
                futures.add(producer.send("orders", "{}"));
            }
        }
        assertThat(futures).allSatisfy(future -> assertThat(future).isCompleted());
        assertThat(ingest.recordsReceived()).isEqualTo(100);
    }

    @Test
    void sendAfterCloseIsRefused()
    {
        GroveProducer producer = producer(config());
        producer.close();
        assertThatThrownBy(() -> producer.send("orders", "{}")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
