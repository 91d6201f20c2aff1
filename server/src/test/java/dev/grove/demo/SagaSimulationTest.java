package dev.grove.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.client.GroveProducer;
import dev.grove.client.ProducerConfig;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.ingest.v1.IngestServiceGrpc;
import dev.grove.proto.ingest.v1.ProduceRequest;
import dev.grove.proto.ingest.v1.ProduceResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SagaSimulationTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T07:00:00Z");

    /** Accepts everything and keeps each event by datasource. */
    private static final class RecordingIngest
            extends IngestServiceGrpc.IngestServiceImplBase
    {
        final Map<String, List<JsonNode>> events = new ConcurrentHashMap<>();

        @Override
        public void produce(ProduceRequest request, StreamObserver<ProduceResponse> responseObserver)
        {
            List<JsonNode> target = events.computeIfAbsent(request.getTarget(), ignored -> new CopyOnWriteArrayList<>());
            request.getRecordsList().forEach(record -> {
                try {
                    target.add(JSON.readTree(record.getValue().toStringUtf8()));
                }
                catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            responseObserver.onNext(ProduceResponse.newBuilder().setCount(request.getRecordsCount()).build());
            responseObserver.onCompleted();
        }
    }

    @Test
    void sagasProduceEnrichedEventsWithTheSeedsOutcomes()
            throws Exception
    {
        RecordingIngest ingest = new RecordingIngest();
        String name = InProcessServerBuilder.generateName();
        Server server = InProcessServerBuilder.forName(name).addService(ingest).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        int sagas = 2000;
        try (GroveProducer producer = new GroveProducer(ProducerConfig.builder("in-process").build(), channel)) {
            SagaSimulation simulation = new SagaSimulation(producer, 200, RandomGeneratorFactory.of("L64X128MixRandom").create(42), InstantSource.fixed(NOW));
            int events = 0;
            for (int i = 0; i < sagas; i++) {
                events += simulation.runSaga();
            }
            producer.flush();
            // the counters are bumped by callbacks that may still be running when flush returns
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (simulation.stats().acknowledged() < events && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(simulation.stats()).isEqualTo(new SagaSimulation.Stats(sagas, events, events, 0));
        }
        finally {
            channel.shutdownNow();
            server.shutdownNow();
        }

        assertThat(ingest.events.keySet()).containsExactlyInAnyOrder("orders", "payments", "stock", "saga_events");
        for (Datasource datasource : DemoDatasources.ALL) {
            Set<String> declared = new java.util.HashSet<>(List.of("timestamp"));
            datasource.getSchema().getDimensionsList().stream().map(Column::getName).forEach(declared::add);
            datasource.getSchema().getMetricsList().stream().map(Column::getName).forEach(declared::add);
            for (JsonNode event : ingest.events.get(datasource.getName())) {
                List<String> fields = new ArrayList<>();
                event.fieldNames().forEachRemaining(fields::add);
                assertThat(declared).as(datasource.getName()).containsAll(fields);
                assertThat(Instant.parse(event.get("timestamp").asText())).isAfterOrEqualTo(NOW);
            }
        }

        List<JsonNode> orders = ingest.events.get("orders");
        assertThat(orders).hasSize(sagas);
        Map<String, Long> outcomes = orders.stream().collect(Collectors.groupingBy(order -> order.get("sagaStatus").asText(), Collectors.counting()));
        assertThat(outcomes.get("COMPLETED")).isBetween(1500L, 1700L);
        assertThat(outcomes.get("COMPENSATED")).isBetween(180L, 300L);
        assertThat(outcomes.get("FAILED")).isBetween(100L, 220L);
        assertThat(orders).allSatisfy(order -> {
            assertThat(order.get("customerName").asText()).isNotBlank();
            assertThat(order.get("totalAmount").asDouble()).isEqualTo(Math.round(order.get("price").asDouble() * order.get("quantity").asLong() * 100) / 100.0);
        });

        Function<String, Long> failedPayments = reason -> ingest.events.get("payments").stream()
                .filter(payment -> payment.get("sagaStatus").asText().equals("FAILED") && payment.get("failureReason").asText().equals(reason)).count();
        assertThat(DemoCatalog.FAILURE_REASONS).allSatisfy(reason -> assertThat(failedPayments.apply(reason)).isPositive());
        assertThat(ingest.events.get("saga_events")).anySatisfy(event -> assertThat(event.get("compensating").asText()).isEqualTo("true"));
        assertThat(ingest.events.get("saga_events").stream().map(event -> event.get("service").asText()).distinct())
                .containsExactlyInAnyOrder("order-service", "payment-service", "stock-service");
    }
}
