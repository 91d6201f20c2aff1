package dev.grove.ingest;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceRegistry;
import dev.grove.datasource.Row;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.log.LogRecord;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Produce: validates a batch record by record, appends the valid ones to the datasource's log, and
 * completes once they are durable and queryable. Invalid records are reported by index; the rest land.
 *
 * <p>Thread-safe.
 */
public final class IngestService
{
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final DatasourceRegistry registry;
    private final LogAppender appender;
    private final int maxBatchRecords;
    private final int maxRecordBytes;
    private volatile boolean draining;

    public IngestService(DatasourceRegistry registry, LogAppender appender, int maxBatchRecords, int maxRecordBytes)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.appender = requireNonNull(appender, "appender is null");
        this.maxBatchRecords = maxBatchRecords;
        this.maxRecordBytes = maxRecordBytes;
    }

    public CompletableFuture<ProduceResult> produce(String target, List<LogRecord> records)
    {
        if (draining) {
            throw new GroveException(GroveErrorCode.NODE_DRAINING, "Node is shutting down and accepts no more events; send to another node or retry after restart");
        }
        if (target == null || target.isEmpty()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Produce needs a target datasource");
        }
        Datasource datasource = registry.getOrThrow(target);
        if (records.size() > maxBatchRecords) {
            throw new GroveException(GroveErrorCode.BATCH_TOO_LARGE, "Batch has " + records.size() + " records; at most "
                    + maxBatchRecords + " are allowed per Produce call (grove.ingest.maxBatchRecords)");
        }
        RowParser parser = new RowParser(datasource);
        List<LogRecord> accepted = new ArrayList<>(records.size());
        List<Row> rows = new ArrayList<>(records.size());
        List<RecordError> errors = new ArrayList<>();
        List<RecordWarning> warnings = new ArrayList<>();
        List<String> recordWarnings = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            LogRecord record = records.get(i);
            if (record.value().length > maxRecordBytes) {
                errors.add(new RecordError(i, "value is " + record.value().length + " bytes; at most " + maxRecordBytes + " are allowed (grove.ingest.maxRecordBytes)"));
                continue;
            }
            try {
                recordWarnings.clear();
                rows.add(parser.parse(record, recordWarnings));
                accepted.add(record);
                for (String warning : recordWarnings) {
                    warnings.add(new RecordWarning(i, warning));
                }
            }
            catch (IllegalArgumentException e) {
                errors.add(new RecordError(i, e.getMessage()));
            }
            catch (RuntimeException e) {
                // a parser fault must cost this one record, not the batch or the node
                String errorId = UUID.randomUUID().toString();
                log.warn("Datasource '{}': record {} of a batch could not be read (error id {})", target, i, errorId, e);
                errors.add(new RecordError(i, "internal error reading this record (error id " + errorId + " in the node log)"));
            }
        }
        if (accepted.isEmpty()) {
            return CompletableFuture.completedFuture(new ProduceResult(-1, 0, errors, warnings));
        }
        return appender.append(datasource, accepted, rows)
                .thenApply(baseOffset -> new ProduceResult(baseOffset, accepted.size(), errors, warnings));
    }

    /** From now on Produce fails with UNAVAILABLE; batches already accepted still complete. */
    public void startDraining()
    {
        draining = true;
    }
}
