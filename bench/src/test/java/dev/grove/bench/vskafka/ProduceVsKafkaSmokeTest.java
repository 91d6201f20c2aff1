package dev.grove.bench.vskafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One short run of the real harness: a Kafka broker and a Grove node in this JVM, two fixed-rate rows each.
 * Proves the wiring (both systems produce, every record is acknowledged, the JSON has its fields) and that
 * Kafka's durable topic really fsyncs per append; says nothing about speed.
 *
 * <p>Not in the normal build (bench/pom.xml excludes it): it takes 15–30 s on the shared 2-core machine,
 * mostly the Kafka node's start. Run it with {@code -Dtest=ProduceVsKafkaSmokeTest} (see docs/testing.md).
 */
class ProduceVsKafkaSmokeTest
{
    @Test
    @Timeout(120)
    void bothSystemsAcknowledgeEveryRecordAndTheJsonHasOneObjectPerRow(@TempDir Path directory)
            throws Exception
    {
        Path out = directory.resolve("rows.json");
        RunOptions options = RunOptions.parse("--rows=fixed", "--fixed-rate=2000", "--values=100",
                "--system-warmup-s=1", "--warmup-s=0.5", "--window-s=1", "--out", out.toString());

        List<RowResult> results = ProduceVsKafka.run(options);

        assertThat(results).extracting(RowResult::system).containsExactly("kafka", "grove", "kafka", "grove");
        assertThat(results).allSatisfy(result -> {
            assertThat(result.errors()).isZero();
            assertThat(result.records()).isPositive();
            assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p50Millis());
        });
        RowResult kafkaDurable = results.get(0);
        RowResult kafkaBuffered = results.get(2);
        assertThat(kafkaDurable.spec().acks()).isEqualTo(AckMode.DURABLE);
        // both rows count the metadata log's fsyncs (topic create and delete); only the durable topic adds one per append
        assertThat(kafkaDurable.logFlushes()).isGreaterThan(kafkaBuffered.logFlushes());
        // Grove runs its own buffered acks for the buffered row
        assertThat(results.get(3).appliedAcks()).isEqualTo("buffered");

        JsonNode rows = new ObjectMapper().readTree(out.toFile());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(4);
        for (JsonNode row : rows) {
            assertThat(row.get("system").asText()).isIn("grove", "kafka");
            assertThat(row.get("acks").asText()).isIn("durable", "buffered");
            assertThat(row.get("valueBytes").asInt()).isEqualTo(100);
            assertThat(row.get("producers").asInt()).isEqualTo(1);
            assertThat(row.get("recordsPerSec").asLong()).isPositive();
            assertThat(row.get("p50Ms").isNumber()).isTrue();
            assertThat(row.get("p99Ms").isNumber()).isTrue();
            assertThat(row.get("fixedRate").asInt()).isEqualTo(2000);
        }
        assertThat(rows.get(1).get("acks").asText()).isEqualTo("durable");
        assertThat(rows.get(3).get("acks").asText()).isEqualTo("buffered");
    }
}
