package dev.grove.ingest;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.Row;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.index.RealtimeIndexer;
import dev.grove.log.DatasourceLog;
import dev.grove.log.LogBatch;
import dev.grove.log.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

import static java.util.Collections.newSetFromMap;
import static java.util.Objects.requireNonNull;

/**
 * The single writer of every datasource log, with group commit: it takes all batches waiting in its
 * queue, writes each to its log, forces each touched log to disk once, and only then hands the rows
 * to the {@link RealtimeIndexer}, which acknowledges them once they are queryable. Concurrent
 * producers therefore share an fsync instead of paying one each.
 *
 * <p>The queue is bounded: when it is full, {@link #append} fails at once with INGEST_BUFFER_FULL
 * (gRPC RESOURCE_EXHAUSTED), which producers retry with backoff.
 *
 * <p>Thread-safe entry points; the logs are confined to the appender thread after {@link #start}.
 */
public final class LogAppender
{
    private static final Logger log = LoggerFactory.getLogger(LogAppender.class);
    private static final int MAX_GROUP = 4096;

    private final Path logRoot;
    private final boolean fsync;
    private final RealtimeIndexer indexer;
    private final BlockingQueue<Command> queue;
    private final Thread thread;
    /** Confined to the appender thread (or to the caller before {@link #start}). */
    private final Map<String, DatasourceLog> logs = new HashMap<>();
    /** Set on the appender thread after an I/O failure: the logs may be torn, so nothing more is written. */
    private volatile GroveException storageFailure;

    public LogAppender(Path logRoot, boolean fsync, int queueCapacity, RealtimeIndexer indexer)
    {
        this.logRoot = requireNonNull(logRoot, "logRoot is null");
        this.fsync = fsync;
        this.indexer = requireNonNull(indexer, "indexer is null");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "grove-log-appender");
    }

    public static Path logDirectory(Path logRoot, String datasource)
    {
        return logRoot.resolve(datasource);
    }

    /**
     * Opens (and replays) a datasource's log on the calling thread; only for start-up recovery.
     * Replayed records are parsed and applied to the realtime table through {@code indexer}.
     */
    public void recover(Datasource datasource)
    {
        if (thread.isAlive()) {
            throw new IllegalStateException("recover is for start-up, before start");
        }
        RowParser parser = new RowParser(datasource);
        long[] replayed = new long[1];
        DatasourceLog datasourceLog = DatasourceLog.open(logDirectory(logRoot, datasource.name()), batch -> {
            indexer.applyNow(datasource, parseReplayed(datasource, parser, batch));
            replayed[0] += batch.records().size();
        });
        logs.put(datasource.name(), datasourceLog);
        log.info("Datasource '{}': replayed {} records from its log", datasource.name(), replayed[0]);
    }

    private static List<Row> parseReplayed(Datasource datasource, RowParser parser, LogBatch batch)
    {
        List<Row> rows = new ArrayList<>(batch.records().size());
        for (int i = 0; i < batch.records().size(); i++) {
            try {
                rows.add(parser.parse(batch.records().get(i)));
            }
            catch (IllegalArgumentException e) {
                // it parsed when it was appended; only a changed parser could refuse it now
                log.warn("Datasource '{}': log record at offset {} no longer parses and is skipped: {}",
                        datasource.name(), batch.baseOffset() + i, e.getMessage());
            }
        }
        return rows;
    }

    public void start()
    {
        thread.start();
    }

    /** Queues creating an empty log for a new datasource. */
    public CompletableFuture<Void> create(Datasource datasource)
    {
        CompletableFuture<Void> done = new CompletableFuture<>();
        offer(new Create(datasource, done));
        return done;
    }

    /**
     * Queues a batch. The future gives the batch's base offset once it is durable and queryable.
     */
    public CompletableFuture<Long> append(Datasource datasource, List<LogRecord> records, List<Row> rows)
    {
        CompletableFuture<Long> done = new CompletableFuture<>();
        offer(new Append(datasource, records, rows, done));
        return done;
    }

    /** Queues deleting a datasource's log and then its table. */
    public CompletableFuture<Void> drop(String datasource)
    {
        CompletableFuture<Void> done = new CompletableFuture<>();
        offer(new Drop(datasource, done));
        return done;
    }

    /** Finishes everything queued, stops the indexer after it, and closes the logs. */
    public void stop()
            throws InterruptedException
    {
        if (thread.isAlive()) {
            queue.put(new Stop());
            thread.join();
        }
        indexer.stop();
        logs.values().forEach(DatasourceLog::close);
        logs.clear();
    }

    private void offer(Command command)
    {
        GroveException failure = storageFailure;
        if (failure != null) {
            command.fail(failure);
        }
        else if (!queue.offer(command)) {
            command.fail(new GroveException(GroveErrorCode.INGEST_BUFFER_FULL,
                    "Ingest queue is full (" + (queue.size() + queue.remainingCapacity()) + " batches); retry with backoff"));
        }
    }

    private void run()
    {
        List<Command> group = new ArrayList<>();
        while (true) {
            group.clear();
            try {
                group.add(queue.take());
            }
            catch (InterruptedException e) {
                log.warn("Log appender interrupted; {} queued batches were not written", queue.size());
                return;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            if (!processGroup(group)) {
                return;
            }
        }
    }

    /** Returns false once a Stop has been processed. */
    private boolean processGroup(List<Command> group)
    {
        List<Append> written = new ArrayList<>();
        List<Long> baseOffsets = new ArrayList<>();
        Set<DatasourceLog> touched = newSetFromMap(new IdentityHashMap<>());
        boolean keepRunning = true;
        for (Command command : group) {
            if (storageFailure != null) {
                command.fail(storageFailure);
                continue;
            }
            try {
                if (command instanceof Append append) {
                    DatasourceLog datasourceLog = logs.get(append.datasource().name());
                    if (datasourceLog == null) {
                        append.fail(new GroveException(GroveErrorCode.DATASOURCE_NOT_FOUND, "Datasource '" + append.datasource().name() + "' was dropped"));
                        continue;
                    }
                    baseOffsets.add(datasourceLog.append(append.records()).baseOffset());
                    written.add(append);
                    touched.add(datasourceLog);
                }
                else if (command instanceof Create create) {
                    String name = create.datasource().name();
                    if (!logs.containsKey(name)) {
                        logs.put(name, DatasourceLog.open(logDirectory(logRoot, name), batch -> {
                            // not a storage fault: the log stays writable for every other datasource
                            throw new GroveException(GroveErrorCode.INTERNAL_ERROR, "A new datasource '" + name + "' found an old log; remove " + logDirectory(logRoot, name));
                        }));
                    }
                    create.done().complete(null);
                }
                else if (command instanceof Drop drop) {
                    // flush what was written so far first: the group's acks must not wait on a deleted file
                    flushAndForward(touched, written, baseOffsets);
                    DatasourceLog datasourceLog = logs.remove(drop.datasource());
                    if (datasourceLog != null) {
                        datasourceLog.close();
                    }
                    DatasourceLog.delete(logDirectory(logRoot, drop.datasource()));
                    indexer.drop(drop.datasource(), drop.done());
                }
                else {
                    keepRunning = false;
                    command.done().complete(null);
                }
            }
            catch (GroveException e) {
                if (e.code() == GroveErrorCode.STORAGE_FAILURE) {
                    log.error("Log storage failed; refusing further writes until restart", e);
                    storageFailure = new GroveException(GroveErrorCode.STORAGE_FAILURE, "The log is read-only after a storage failure (" + e.getMessage() + "); fix the disk and restart the node", e);
                }
                command.fail(e);
            }
        }
        flushAndForward(touched, written, baseOffsets);
        return keepRunning;
    }

    private void flushAndForward(Set<DatasourceLog> touched, List<Append> written, List<Long> baseOffsets)
    {
        try {
            if (fsync) {
                touched.forEach(DatasourceLog::flush);
            }
        }
        catch (GroveException e) {
            log.error("Log fsync failed; refusing further writes until restart", e);
            storageFailure = new GroveException(GroveErrorCode.STORAGE_FAILURE, "The log is read-only after a failed fsync (" + e.getMessage() + "); fix the disk and restart the node", e);
            written.forEach(append -> append.fail(storageFailure));
            written.clear();
            baseOffsets.clear();
            touched.clear();
            return;
        }
        for (int i = 0; i < written.size(); i++) {
            Append append = written.get(i);
            long baseOffset = baseOffsets.get(i);
            CompletableFuture<Void> applied = new CompletableFuture<>();
            applied.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    append.done().completeExceptionally(failure);
                }
                else {
                    append.done().complete(baseOffset);
                }
            });
            indexer.apply(append.datasource(), append.rows(), applied);
        }
        written.clear();
        baseOffsets.clear();
        touched.clear();
    }

    private sealed interface Command
            permits Append, Create, Drop, Stop
    {
        CompletableFuture<?> done();

        default void fail(Throwable failure)
        {
            done().completeExceptionally(failure);
        }
    }

    private record Append(Datasource datasource, List<LogRecord> records, List<Row> rows, CompletableFuture<Long> done)
            implements Command {}

    private record Create(Datasource datasource, CompletableFuture<Void> done)
            implements Command {}

    private record Drop(String datasource, CompletableFuture<Void> done)
            implements Command {}

    private record Stop(CompletableFuture<Void> done)
            implements Command
    {
        Stop()
        {
            this(new CompletableFuture<>());
        }
    }
}
