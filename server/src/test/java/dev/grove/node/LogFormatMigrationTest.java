package dev.grove.node;

import dev.grove.config.GroveConfig;
import dev.grove.log.DatasourceLog;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data directory written by a Grove before partitions (format 1: one log file per datasource, a
 * refused-batches file keyed by offset) starts on this Grove with every event, refusal and offset kept.
 */
class LogFormatMigrationTest
{
    @TempDir
    Path dataDir;

    private GroveNode start()
    {
        return GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0));
    }

    @Test
    void aFormat1LogIsMigratedWithItsRefusalsAndOffsets()
            throws Exception
    {
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.create(Datasource.newBuilder()
                    .setName("events")
                    .setSchema(DatasourceSchema.newBuilder()
                            .setTimestampColumn("ts")
                            .setTimestampFormat(TimestampFormat.MILLIS)
                            .addDimensions(Column.newBuilder().setName("k").setType(ColumnType.STRING)))
                    .build());
        }
        // what the older Grove left: batches at offsets 0 (2 records), 2 (1 record, refused) and 3 (1 record)
        Path logDirectory = dataDir.resolve("log").resolve("events");
        DatasourceLog.delete(DatasourceLog.partitionDirectory(logDirectory, 0));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(format1Batch(0, "{\"ts\":1000,\"k\":\"a\"}", "{\"ts\":1001,\"k\":\"b\"}"));
        file.write(format1Batch(2, "{\"ts\":1002,\"k\":\"refused\"}"));
        file.write(format1Batch(3, "{\"ts\":1003,\"k\":\"c\"}"));
        Files.write(logDirectory.resolve("00000000000000000000.log"), file.toByteArray());
        Files.writeString(logDirectory.resolve("refused-batches"), "2 1 error 42: apply failed\n");

        for (int restart = 0; restart < 2; restart++) {
            try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
                assertThat(clients.count("SELECT COUNT(*) FROM events")).isEqualTo(3 + restart);
                assertThat(clients.count("SELECT COUNT(*) FROM events WHERE k = 'refused'")).isZero();
                assertThat(clients.produce("events", List.of("{\"ts\":2000,\"k\":\"new" + restart + "\"}")).getBaseOffset()).isEqualTo(4 + restart);
            }
        }
        assertThat(logDirectory.resolve("00000000000000000000.log")).doesNotExist();
    }

    @Test
    void aBatchDamagedBeforeTheTailStopsStartUpNamingTheFileAndByte()
            throws Exception
    {
        long secondBatch;
        Path segment = DatasourceLog.partitionDirectory(dataDir.resolve("log").resolve("events"), 0).resolve("00000000000000000000.seg");
        try (GroveNode node = start(); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.create(Datasource.newBuilder()
                    .setName("events")
                    .setSchema(DatasourceSchema.newBuilder().setTimestampColumn("ts").setTimestampFormat(TimestampFormat.MILLIS)
                            .addDimensions(Column.newBuilder().setName("k").setType(ColumnType.STRING)))
                    .build());
            clients.produce("events", List.of("{\"ts\":1000,\"k\":\"a\"}"));
            secondBatch = Files.size(segment);
            clients.produce("events", List.of("{\"ts\":1001,\"k\":\"b\"}"));
            clients.produce("events", List.of("{\"ts\":1002,\"k\":\"c\"}"));
        }
        byte[] bytes = Files.readAllBytes(segment);
        bytes[(int) secondBatch + 30] ^= 0x55;
        Files.write(segment, bytes);
        org.assertj.core.api.Assertions.assertThatThrownBy(this::start)
                .hasMessageContaining(segment.toString())
                .hasMessageContaining("at byte " + secondBatch)
                .hasMessageContaining("CRC32C");
        // nothing was cut: the acknowledged batch after the damage is still in the file
        assertThat(Files.size(segment)).isEqualTo(bytes.length);
    }

    /** A format-1 frame: int32 length, int32 crc32c, int64 baseOffset, int32 count, (int64 ts, int32 keyLength, key, int32 valueLength, value)*. */
    private static byte[] format1Batch(long baseOffset, String... values)
    {
        int bodySize = Long.BYTES + Integer.BYTES;
        for (String value : values) {
            bodySize += Long.BYTES + Integer.BYTES + Integer.BYTES + value.getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer body = ByteBuffer.allocate(bodySize);
        body.putLong(baseOffset);
        body.putInt(values.length);
        for (String value : values) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            body.putLong(0);
            body.putInt(0);
            body.putInt(bytes.length);
            body.put(bytes);
        }
        body.flip();
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        ByteBuffer frame = ByteBuffer.allocate(8 + bodySize);
        frame.putInt(bodySize);
        frame.putInt((int) crc.getValue());
        frame.put(body);
        return frame.array();
    }
}
