package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.config.GroveConfig;
import dev.grove.log.DatasourceLog;
import dev.grove.log.LogRecord;
import dev.grove.log.Quarantine;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.GetDatasourceRequest;
import dev.grove.proto.admin.v1.TimestampFormat;
import dev.grove.proto.ingest.v1.ProduceResponse;
import dev.grove.proto.ingest.v1.RecordError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest path against a hostile producer and a restarted node: an event is acknowledged and
 * visible, or refused and never appears; no logged record can stop a node from starting.
 */
class IngestHardeningTest
{
    @TempDir
    Path dataDir;

    private GroveNode start()
    {
        return GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0));
    }

    private static Datasource millis(String name)
    {
        return Datasource.newBuilder()
                .setName(name)
                .setSchema(DatasourceSchema.newBuilder()
                        .setTimestampColumn("ts")
                        .setTimestampFormat(TimestampFormat.MILLIS)
                        .addDimensions(Column.newBuilder().setName("k").setType(ColumnType.STRING))
                        .addMetrics(Column.newBuilder().setName("n").setType(ColumnType.LONG))
                        .addMetrics(Column.newBuilder().setName("x").setType(ColumnType.DOUBLE)))
                .build();
    }

    @Test
    void produceAfterRestartIsAcknowledgedAndVisible()
            throws Exception
    {
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.create(millis("events"));
            assertThat(clients.produce("events", List.of("{\"ts\":1000,\"k\":\"a\"}", "{\"ts\":2000,\"k\":\"b\"}")).getCount()).isEqualTo(2);
        }
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(2);
            for (int i = 0; i < 5; i++) {
                ProduceResponse response = clients.produce("events", List.of("{\"ts\":3000,\"k\":\"c" + i + "\"}"));
                assertThat(response.getCount()).isEqualTo(1);
                assertThat(response.getErrorsList()).isEmpty();
            }
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(7);
        }
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(7);
        }
    }

    @Test
    void recordsOutsideWhatTheEngineHoldsAreRefusedOneByOneAndTheNodeRestarts()
            throws Exception
    {
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.create(millis("events"));
            ProduceResponse response = clients.produce("events", List.of(
                    "{\"ts\":9223372036854775807,\"k\":\"x\"}",
                    "{\"ts\":1e16,\"k\":\"x\"}",
                    "{\"ts\":1000,\"n\":\"99999999999999999999\"}",
                    "{\"ts\":1000,\"n\":1e30}",
                    "{\"ts\":1000,\"x\":1e400}",
                    "{\"ts\":1000,\"x\":\"NaN\"}",
                    "{\"ts\":1000,\"k\":\"\\ud800\"}",
                    "{\"ts\":1000,\"k\":\"ok\",\"n\":\"12.7\",\"x\":\"2.5\"}",
                    // truncating these naively takes minutes per record
                    "{\"ts\":1000,\"k\":\"tiny\",\"n\":1e-999999999}",
                    "{\"ts\":1000,\"k\":\"tiny\",\"n\":\"-1e-999999999\"}"));
            assertThat(response.getCount()).isEqualTo(3);
            assertThat(response.getErrorsList()).extracting(RecordError::getIndex).containsExactly(0, 1, 2, 3, 4, 5, 6);
            assertThat(response.getErrors(0).getMessage()).contains("timestamp field 'ts'").contains("outside the supported time range");
            assertThat(response.getErrors(1).getMessage()).contains("outside the supported time range");
            assertThat(response.getErrors(2).getMessage()).contains("field 'n'").contains("out of the LONG range");
            assertThat(response.getErrors(3).getMessage()).contains("field 'n'").contains("out of the LONG range");
            assertThat(response.getErrors(4).getMessage()).contains("field 'x'").contains("out of the DOUBLE range");
            assertThat(response.getErrors(5).getMessage()).contains("field 'x'").contains("not a number");
            assertThat(response.getErrors(6).getMessage()).contains("field 'k'").contains("surrogate");
            JsonNode row = NodeClients.JSON.readTree(clients.postSql("{\"query\":\"SELECT k, n, x FROM events WHERE k = 'ok'\"}").body()).get(0);
            assertThat(row.get("n").asLong()).isEqualTo(12);
            assertThat(row.get("x").asDouble()).isEqualTo(2.5);
        }
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(3);
            assertThat(clients.count("SELECT SUM(n) FROM events WHERE k = 'tiny'")).isZero();
        }
    }

    @Test
    void aLoggedRecordThatCannotBeAppliedIsQuarantinedAndStartUpGoesOn()
            throws Exception
    {
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.create(millis("events"));
            assertThat(clients.produce("events", List.of("{\"ts\":1000,\"k\":\"a\"}")).getCount()).isEqualTo(1);
        }
        // what a node before the range check wrote: the record that once bricked it, between two good ones
        Path logDirectory = dataDir.resolve("log").resolve("events");
        try (DatasourceLog log = DatasourceLog.open(logDirectory, batch -> {})) {
            log.append(List.of(record("{\"ts\":9223372036854775807,\"k\":\"x\"}"), record("{\"ts\":2000,\"k\":\"b\"}")));
            log.flush();
        }
        for (int restart = 0; restart < 2; restart++) {
            try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
                assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(2 + restart);
                JsonNode described = NodeClients.JSON.readTree(clients.get("/grove/v1/datasources/events").body());
                assertThat(described.get("quarantinedRecords").asInt()).isEqualTo(1);
                assertThat(clients.admin.getDatasource(GetDatasourceRequest.newBuilder().setName("events").build()).getQuarantinedRecords())
                        .isEqualTo(1);
                assertThat(clients.produce("events", List.of("{\"ts\":3000,\"k\":\"c" + restart + "\"}")).getCount()).isEqualTo(1);
            }
        }
        List<String> quarantined = Files.readAllLines(logDirectory.resolve(Quarantine.FILE_NAME));
        assertThat(quarantined).hasSize(1);
        JsonNode entry = NodeClients.JSON.readTree(quarantined.get(0));
        assertThat(entry.get("offset").asLong()).isEqualTo(1);
        assertThat(entry.get("reason").asText()).contains("outside the supported time range");
        assertThat(entry.get("value").asText()).isEqualTo("{\"ts\":9223372036854775807,\"k\":\"x\"}");
    }

    private static LogRecord record(String value)
    {
        return new LogRecord(new byte[0], value.getBytes(StandardCharsets.UTF_8), 0);
    }
}
