package dev.grove.ingest;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.Row;
import dev.grove.index.RealtimeIndexer;
import dev.grove.log.LogBatch;
import dev.grove.log.LogRecord;
import dev.grove.log.Quarantine;
import dev.grove.log.RefusedBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static java.util.Objects.requireNonNull;

/**
 * Replays one datasource's log into its realtime table at start-up. Batches the producer was told
 * were refused are skipped. Records are parsed here and applied by the indexer thread in chunks of
 * many batches, so recovery time follows the number of rows, not of batches. A record that no
 * longer parses, or whose chunk fails to apply and which then fails alone, goes to the
 * {@link Quarantine} with its offset and reason: no record can stop a node from starting.
 *
 * <p>Not thread-safe: used by the recovering thread only.
 */
final class LogReplay
{
    private static final Logger log = LoggerFactory.getLogger(LogReplay.class);
    private static final int CHUNK_ROWS = 8192;
    private static final int MAX_CHUNKS_IN_FLIGHT = 4;

    private final Datasource datasource;
    private final RowParser parser;
    private final RealtimeIndexer indexer;
    private final RefusedBatches refused;
    private final Quarantine quarantine;
    private final Deque<Chunk> inFlight = new ArrayDeque<>();
    private Chunk chunk = new Chunk();
    private long replayed;
    private long skippedRefused;
    private long quarantined;

    LogReplay(Datasource datasource, RealtimeIndexer indexer, RefusedBatches refused, Quarantine quarantine)
    {
        this.datasource = requireNonNull(datasource, "datasource is null");
        this.parser = new RowParser(datasource);
        this.indexer = requireNonNull(indexer, "indexer is null");
        this.refused = requireNonNull(refused, "refused is null");
        this.quarantine = requireNonNull(quarantine, "quarantine is null");
    }

    /** Takes the next intact batch of the log, in order. */
    void accept(int partition, LogBatch batch)
    {
        if (refused.contains(partition, batch.baseOffset())) {
            skippedRefused += batch.records().size();
            return;
        }
        List<LogRecord> records = batch.records();
        for (int i = 0; i < records.size(); i++) {
            long offset = batch.baseOffset() + i;
            if (quarantine.contains(partition, offset)) {
                continue;
            }
            LogRecord record = records.get(i);
            try {
                chunk.add(partition, offset, record, parser.parse(record));
            }
            catch (RuntimeException e) {
                // it parsed when it was appended; a stricter parser (or a record logged before a fix) refuses it now
                setAside(partition, offset, record, "no longer parses: " + e.getMessage());
            }
        }
        if (chunk.rows.size() >= CHUNK_ROWS) {
            submit();
        }
    }

    /** Waits until everything accepted is applied or quarantined. */
    void finish()
    {
        submit();
        while (!inFlight.isEmpty()) {
            complete(inFlight.removeFirst());
        }
        log.info("Datasource '{}': replayed {} records from its log{}{}", datasource.name(), replayed,
                skippedRefused == 0 ? "" : ", skipped " + skippedRefused + " of refused batches",
                quarantine.size() == 0 ? "" : "; " + quarantine.size() + " records are quarantined in " + quarantine.file()
                        + (quarantined == 0 ? "" : " (" + quarantined + " new)"));
    }

    private void submit()
    {
        if (chunk.rows.isEmpty()) {
            return;
        }
        indexer.apply(datasource, chunk.rows, chunk.applied);
        inFlight.addLast(chunk);
        chunk = new Chunk();
        while (inFlight.size() >= MAX_CHUNKS_IN_FLIGHT) {
            complete(inFlight.removeFirst());
        }
    }

    private void complete(Chunk done)
    {
        Throwable failure = await(done.applied);
        if (failure == null) {
            replayed += done.rows.size();
            return;
        }
        // the writer removed the chunk's rows; find the records that fail on their own
        log.warn("Datasource '{}': applying {} replayed records failed ({}); retrying them one by one", datasource.name(), done.rows.size(),
                failure.getMessage());
        for (int i = 0; i < done.rows.size(); i++) {
            CompletableFuture<Void> applied = new CompletableFuture<>();
            indexer.apply(datasource, List.of(done.rows.get(i)), applied);
            Throwable alone = await(applied);
            if (alone == null) {
                replayed++;
            }
            else {
                setAside(done.partitions.get(i), done.offsets.get(i), done.records.get(i), "could not be applied: " + alone.getMessage());
            }
        }
    }

    private void setAside(int partition, long offset, LogRecord record, String reason)
    {
        log.warn("Datasource '{}': log record at offset {} of partition {} {}; quarantined", datasource.name(), offset, partition, reason);
        quarantine.add(partition, offset, record, reason);
        quarantined++;
    }

    private static Throwable await(CompletableFuture<Void> applied)
    {
        try {
            applied.join();
            return null;
        }
        catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    /** Records on their way to the table together. */
    private static final class Chunk
    {
        final List<Integer> partitions = new ArrayList<>();
        final List<Long> offsets = new ArrayList<>();
        final List<LogRecord> records = new ArrayList<>();
        final List<Row> rows = new ArrayList<>();
        final CompletableFuture<Void> applied = new CompletableFuture<>();

        void add(int partition, long offset, LogRecord record, Row row)
        {
            partitions.add(partition);
            offsets.add(offset);
            records.add(record);
            rows.add(row);
        }
    }
}
