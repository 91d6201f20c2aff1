package dev.grove.ingest;

import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.ColumnType;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceRegistry;
import dev.grove.datasource.DatasourceSchema;
import dev.grove.datasource.TimestampFormat;
import dev.grove.datasource.TimestampSpec;
import dev.grove.engine.DuckDbEngine;
import dev.grove.engine.EngineConfig;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.index.RealtimeIndexer;
import dev.grove.log.LogRecord;
import dev.grove.log.LogSettings;
import dev.grove.metadata.MetadataStore;
import dev.grove.metadata.ProducerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node appends only to partitions its lease source says it owns; the others are refused with the
 * lease source's error before anything is written.
 */
class LeaseSourceTest
{
    private static final Datasource EVENTS = new Datasource("events", new DatasourceSchema(new TimestampSpec("ts", TimestampFormat.MILLIS),
            List.of(new ColumnSpec("k", ColumnType.STRING)), List.of()), 0, 3);

    @TempDir
    Path dataDir;

    @Test
    void partitionsThisNodeDoesNotOwnAreRefusedWithTheLeaseSourcesError()
            throws Exception
    {
        ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor();
        LeaseSource leases = (topic, partition) -> {
            if (partition == 1) {
                throw new GroveException(GroveErrorCode.PARTITION_NOT_OWNED, "Partition 1 of '" + topic + "' is owned by another node");
            }
            if (partition == 2) {
                throw new GroveException(GroveErrorCode.LEASE_EXPIRED, "The lease on partition 2 of '" + topic + "' expired");
            }
        };
        try (MetadataStore metadata = MetadataStore.openSqlite(dataDir.resolve("metadata.db"))) {
            DuckDbEngine engine = DuckDbEngine.openInMemory(new EngineConfig(1, ""), timeouts);
            engine.createTable(EVENTS);
            RealtimeIndexer indexer = new RealtimeIndexer(engine, 8);
            LogAppender appender = new LogAppender(dataDir.resolve("log"), new AppenderSettings(true, 16, 2, 200, LogSettings.DEFAULT), indexer);
            indexer.start();
            appender.recover(EVENTS);
            appender.start();
            DatasourceRegistry registry = new DatasourceRegistry();
            registry.put(EVENTS);
            IngestService ingest = new IngestService(registry, appender, new ProducerRegistry(new ProducerStore(metadata), InstantSource.system()), leases, 100, 1000);
            try {
                ProduceResult owned = ingest.produce("events", records(), new ProduceOptions(0, AckMode.DURABLE, -1, (short) -1, -1)).get(10, TimeUnit.SECONDS);
                assertThat(owned.count()).isEqualTo(1);
                assertThatThrownBy(() -> ingest.produce("events", records(), new ProduceOptions(1, AckMode.DURABLE, -1, (short) -1, -1)))
                        .isInstanceOfSatisfying(GroveException.class, e -> assertThat(e.code()).isEqualTo(GroveErrorCode.PARTITION_NOT_OWNED))
                        .hasMessageContaining("owned by another node");
                assertThatThrownBy(() -> ingest.produce("events", records(), new ProduceOptions(2, AckMode.DURABLE, -1, (short) -1, -1)))
                        .isInstanceOfSatisfying(GroveException.class, e -> assertThat(e.code()).isEqualTo(GroveErrorCode.LEASE_EXPIRED));
                assertThat(engine.rowCount("events")).isEqualTo(1);
            }
            finally {
                appender.stop();
                engine.close();
                timeouts.shutdownNow();
            }
        }
    }

    private static List<LogRecord> records()
    {
        return List.of(new LogRecord(new byte[0], "{\"ts\":1000,\"k\":\"a\"}".getBytes(StandardCharsets.UTF_8), 0));
    }
}
