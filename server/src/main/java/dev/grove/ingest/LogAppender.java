package dev.grove.ingest;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.Row;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.index.RealtimeIndexer;
import dev.grove.log.DatasourceLog;
import dev.grove.log.LogRecord;
import dev.grove.log.Quarantine;
import dev.grove.log.RefusedBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<String, OpenLog> logs = new HashMap<>();
    /** Read by the admin API from any thread. */
    private final Map<String, Quarantine> quarantines = new ConcurrentHashMap<>();
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
     * Opens a datasource's log on the calling thread and replays it into the realtime table through
     * the indexer, which must already run; only for start-up, before {@link #start}.
     */
    public void recover(Datasource datasource)
    {
        if (thread.isAlive()) {
            throw new IllegalStateException("recover is for start-up, before start");
        }
        Path directory = logDirectory(logRoot, datasource.name());
        RefusedBatches refused = RefusedBatches.open(directory);
        Quarantine quarantine = Quarantine.open(directory);
        LogReplay replay = new LogReplay(datasource, indexer, refused, quarantine);
        DatasourceLog datasourceLog;
        try {
            datasourceLog = DatasourceLog.open(directory, replay::accept);
            replay.finish();
        }
        catch (RuntimeException e) {
            refused.close();
            throw e;
        }
        logs.put(datasource.name(), new OpenLog(datasourceLog, refused));
        quarantines.put(datasource.name(), quarantine);
    }

    /** How many records of the datasource's log recovery has set aside; 0 for an unknown datasource. */
    public int quarantinedRecords(String datasource)
    {
        Quarantine quarantine = quarantines.get(datasource);
        return quarantine == null ? 0 : quarantine.size();
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
        logs.values().forEach(OpenLog::close);
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
        List<RefusedBatches> refusals = new ArrayList<>();
        Set<DatasourceLog> touched = newSetFromMap(new IdentityHashMap<>());
        boolean keepRunning = true;
        for (Command command : group) {
            if (storageFailure != null) {
                command.fail(storageFailure);
                continue;
            }
            try {
                if (command instanceof Append append) {
                    OpenLog openLog = logs.get(append.datasource().name());
                    if (openLog == null) {
                        append.fail(new GroveException(GroveErrorCode.DATASOURCE_NOT_FOUND, "Datasource '" + append.datasource().name() + "' was dropped"));
                        continue;
                    }
                    baseOffsets.add(openLog.log().append(append.records()).baseOffset());
                    written.add(append);
                    refusals.add(openLog.refused());
                    touched.add(openLog.log());
                }
                else if (command instanceof Create create) {
                    String name = create.datasource().name();
                    if (!logs.containsKey(name)) {
                        Path directory = logDirectory(logRoot, name);
                        DatasourceLog datasourceLog = DatasourceLog.open(directory, batch -> {
                            // not a storage fault: the log stays writable for every other datasource
                            throw new GroveException(GroveErrorCode.INTERNAL_ERROR, "A new datasource '" + name + "' found an old log; remove " + directory);
                        });
                        logs.put(name, new OpenLog(datasourceLog, RefusedBatches.open(directory)));
                        quarantines.put(name, Quarantine.open(directory));
                    }
                    create.done().complete(null);
                }
                else if (command instanceof Drop drop) {
                    // flush what was written so far first: the group's acks must not wait on a deleted file
                    flushAndForward(touched, written, baseOffsets, refusals);
                    OpenLog openLog = logs.remove(drop.datasource());
                    if (openLog != null) {
                        openLog.close();
                    }
                    quarantines.remove(drop.datasource());
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
        flushAndForward(touched, written, baseOffsets, refusals);
        return keepRunning;
    }

    private void flushAndForward(Set<DatasourceLog> touched, List<Append> written, List<Long> baseOffsets, List<RefusedBatches> refusals)
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
            clear(touched, written, baseOffsets, refusals);
            return;
        }
        for (int i = 0; i < written.size(); i++) {
            Append append = written.get(i);
            long baseOffset = baseOffsets.get(i);
            RefusedBatches refused = refusals.get(i);
            CompletableFuture<Void> applied = new CompletableFuture<>();
            applied.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    append.done().completeExceptionally(refuse(append, baseOffset, refused, failure));
                }
                else {
                    append.done().complete(baseOffset);
                }
            });
            indexer.apply(append.datasource(), append.rows(), applied);
        }
        clear(touched, written, baseOffsets, refusals);
    }

    private static void clear(Set<DatasourceLog> touched, List<Append> written, List<Long> baseOffsets, List<RefusedBatches> refusals)
    {
        written.clear();
        baseOffsets.clear();
        refusals.clear();
        touched.clear();
    }

    /**
     * A logged batch failed to apply: mark it refused in the log, durably, before the producer hears
     * so, so that no restart ever replays it. Runs on the indexer thread.
     */
    private GroveException refuse(Append append, long baseOffset, RefusedBatches refused, Throwable failure)
    {
        String name = append.datasource().name();
        String errorId = UUID.randomUUID().toString();
        try {
            refused.record(baseOffset, append.records().size(), "error " + errorId + ": " + failure.getMessage());
        }
        catch (GroveException e) {
            log.error("Datasource '{}': cannot mark the failed batch at offset {} refused; refusing further writes until restart", name, baseOffset, e);
            storageFailure = new GroveException(GroveErrorCode.STORAGE_FAILURE, "The log is read-only after a storage failure (" + e.getMessage()
                    + "); fix the disk and restart the node", e);
            return new GroveException(GroveErrorCode.STORAGE_FAILURE, "The batch was logged but could not be applied, and marking it refused failed too (error id "
                    + errorId + "); it may appear after a restart. Fix the disk and restart the node", e);
        }
        log.warn("Datasource '{}': batch at offset {} ({} records) refused, error id {}", name, baseOffset, append.records().size(), errorId, failure);
        if (failure instanceof GroveException grove && grove.code() == GroveErrorCode.DATASOURCE_NEEDS_REPAIR) {
            return grove;
        }
        return new GroveException(GroveErrorCode.BATCH_NOT_APPLIED, "The batch could not be applied to datasource '" + name
                + "' and was refused; none of its events will appear. Retry it (error id " + errorId + " in the node log)", failure);
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

    /** A datasource's log and the refusals kept beside it. */
    private record OpenLog(DatasourceLog log, RefusedBatches refused)
    {
        void close()
        {
            refused.close();
            log.close();
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
