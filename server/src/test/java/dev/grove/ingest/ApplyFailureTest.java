package dev.grove.ingest;

import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.ColumnType;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceSchema;
import dev.grove.datasource.Row;
import dev.grove.datasource.TimestampFormat;
import dev.grove.datasource.TimestampSpec;
import dev.grove.engine.DuckDbEngine;
import dev.grove.engine.EngineConfig;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.index.RealtimeIndexer;
import dev.grove.log.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A batch that is logged but then fails to apply is refused for good: the producer hears so, none
 * of its rows stay visible, and no restart replays it.
 */
class ApplyFailureTest
{
    private static final Datasource EVENTS = new Datasource("events", new DatasourceSchema(new TimestampSpec("ts", TimestampFormat.MILLIS),
            List.of(new ColumnSpec("k", ColumnType.STRING)), List.of(new ColumnSpec("n", ColumnType.LONG))), 0);

    @TempDir
    Path logRoot;

    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor();
    private DuckDbEngine engine;
    private LogAppender appender;

    private void open()
    {
        engine = DuckDbEngine.openInMemory(new EngineConfig(1, ""), timeouts);
        engine.createTable(EVENTS);
        RealtimeIndexer indexer = new RealtimeIndexer(engine, 8);
        appender = new LogAppender(logRoot, true, 16, indexer);
        indexer.start();
        appender.recover(EVENTS);
        appender.start();
    }

    private void close()
            throws InterruptedException
    {
        appender.stop();
        engine.close();
    }

    @AfterEach
    void shutDown()
    {
        timeouts.shutdownNow();
    }

    @Test
    void aBatchThatFailsToApplyIsRefusedAndNeverReplayed()
            throws Exception
    {
        open();
        assertThat(appender.append(EVENTS, records(3000), rows(3000)).get(10, TimeUnit.SECONDS)).isEqualTo(0);
        // 5000 good rows, then one the table cannot take: the Appender has already flushed some of the batch by then
        List<Row> broken = rows(5001);
        broken.set(5000, new Row(1, new Object[] {"k", "not a long"}));
        assertThatThrownBy(() -> appender.append(EVENTS, records(5001), broken).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(GroveException.class)
                .hasMessageContaining("was refused; none of its events will appear")
                .satisfies(e -> assertThat(((GroveException) e).code()).isEqualTo(GroveErrorCode.BATCH_NOT_APPLIED));
        assertThat(engine.rowCount("events")).isEqualTo(3000);
        assertThat(appender.append(EVENTS, records(10), rows(10)).get(10, TimeUnit.SECONDS)).isEqualTo(8001);
        assertThat(engine.rowCount("events")).isEqualTo(3010);
        close();

        // every record of the refused batch parses fine on replay: only the refusal keeps it out
        open();
        assertThat(engine.rowCount("events")).isEqualTo(3010);
        assertThat(appender.quarantinedRecords("events")).isZero();
        close();
    }

    private static List<LogRecord> records(int count)
    {
        List<LogRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(new LogRecord(new byte[0], ("{\"ts\":" + (i + 1) + ",\"k\":\"v" + i + "\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), 0));
        }
        return records;
    }

    private static List<Row> rows(int count)
    {
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new Row(i + 1, new Object[] {"v" + i, (long) i}));
        }
        return rows;
    }
}
