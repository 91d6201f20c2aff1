package dev.grove.ingest;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.Row;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.index.RealtimeIndexer;
import dev.grove.log.BatchProducer;
import dev.grove.log.DatasourceLog;
import dev.grove.log.LogBatch;
import dev.grove.log.LogRecord;
import dev.grove.log.LogSettings;
import dev.grove.log.Quarantine;
import dev.grove.log.RefusedBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The writer of every datasource log: a small pool of {@link AppenderStripe}s, each owning a share of
 * the partitions and group-committing them on its own thread, so partitions are appended and fsynced
 * in parallel. Written rows go to the {@link RealtimeIndexer}; a {@code durable} batch is acknowledged
 * once fsynced and queryable.
 *
 * <p>Each stripe's queue is bounded: when it is full, {@link #append} fails at once with
 * INGEST_BUFFER_FULL (gRPC RESOURCE_EXHAUSTED), which producers retry with backoff.
 *
 * <p>Thread-safe.
 */
public final class LogAppender
{
    private static final Logger log = LoggerFactory.getLogger(LogAppender.class);
    /**
     * How long an idempotent batch that arrived ahead of an earlier one waits for it: long enough for a
     * producer's retry with backoff, short enough that a batch that is not coming fails promptly.
     */
    static final long HOLD_MILLIS = 5000;

    private final Path logRoot;
    private final LogSettings settings;
    private final RealtimeIndexer indexer;
    private final List<AppenderStripe> stripes;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    /** Set after an I/O failure: the logs may be torn, so nothing more is written. */
    private volatile GroveException storageFailure;

    public LogAppender(Path logRoot, boolean fsync, int queueCapacity, RealtimeIndexer indexer)
    {
        this(logRoot, new AppenderSettings(fsync, queueCapacity, 1, 200, LogSettings.DEFAULT), indexer);
    }

    public LogAppender(Path logRoot, AppenderSettings settings, RealtimeIndexer indexer)
    {
        this.logRoot = requireNonNull(logRoot, "logRoot is null");
        this.settings = settings.log();
        this.indexer = requireNonNull(indexer, "indexer is null");
        List<AppenderStripe> stripes = new ArrayList<>();
        for (int i = 0; i < settings.threads(); i++) {
            stripes.add(new AppenderStripe(i, this, settings.fsync(), settings.flushIntervalMillis(), HOLD_MILLIS, settings.queueCapacity(), indexer));
        }
        this.stripes = List.copyOf(stripes);
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
        if (stripes.get(0).running()) {
            throw new IllegalStateException("recover is for start-up, before start");
        }
        Path directory = logDirectory(logRoot, datasource.name());
        RefusedBatches refused = RefusedBatches.open(directory);
        Quarantine quarantine = Quarantine.open(directory);
        LogReplay replay = new LogReplay(datasource, indexer, refused, quarantine);
        List<ProducerStates> producers = producerStates(datasource);
        DatasourceLog datasourceLog;
        try {
            datasourceLog = DatasourceLog.open(directory, datasource.partitions(), settings, (partition, batch) -> {
                if (batch.idempotent()) {
                    producers.get(partition).record(producerOf(batch), replayedOutcome(partition, batch, refused));
                }
                replay.accept(partition, batch);
            });
            replay.finish();
        }
        catch (RuntimeException e) {
            refused.close();
            throw e;
        }
        topics.put(datasource.name(), new Topic(datasource, datasourceLog, refused, quarantine, producers));
    }

    private static CompletableFuture<AppendOutcome> replayedOutcome(int partition, LogBatch batch, RefusedBatches refused)
    {
        if (!batch.records().isEmpty() && refused.contains(partition, batch.baseOffset())) {
            return CompletableFuture.failedFuture(new GroveException(GroveErrorCode.BATCH_NOT_APPLIED, "This batch was written at offset " + batch.baseOffset()
                    + " of partition " + partition + " but refused; none of its events appear. Send its events again as a new batch"));
        }
        return CompletableFuture.completedFuture(new AppendOutcome(partition, batch.baseOffset(), batch.records().size(), false));
    }

    private static BatchProducer producerOf(LogBatch batch)
    {
        return new BatchProducer(batch.producerId(), batch.producerEpoch(), batch.baseSequence(), batch.sequenceCount());
    }

    private static List<ProducerStates> producerStates(Datasource datasource)
    {
        List<ProducerStates> producers = new ArrayList<>();
        for (int p = 0; p < datasource.partitions(); p++) {
            producers.add(new ProducerStates("partition " + p + " of '" + datasource.name() + "'"));
        }
        return producers;
    }

    /** How many records of the datasource's log recovery has set aside; 0 for an unknown datasource. */
    public int quarantinedRecords(String datasource)
    {
        Topic topic = topics.get(datasource);
        return topic == null ? 0 : topic.quarantine.size();
    }

    public void start()
    {
        stripes.forEach(AppenderStripe::start);
    }

    /** Creates the empty log of a new datasource. */
    public CompletableFuture<Void> create(Datasource datasource)
    {
        if (topics.containsKey(datasource.name())) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            Path directory = logDirectory(logRoot, datasource.name());
            DatasourceLog datasourceLog = DatasourceLog.open(directory, datasource.partitions(), settings, (partition, batch) -> {
                throw new GroveException(GroveErrorCode.INTERNAL_ERROR, "A new datasource '" + datasource.name() + "' found an old log; remove " + directory);
            });
            topics.put(datasource.name(), new Topic(datasource, datasourceLog, RefusedBatches.open(directory), Quarantine.open(directory), producerStates(datasource)));
            return CompletableFuture.completedFuture(null);
        }
        catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The partition keyless records of the next request to {@code datasource} go to. */
    int stickyPartition(Datasource datasource)
    {
        Topic topic = topics.get(datasource.name());
        return topic == null ? 0 : topic.partitioner.nextSticky(datasource.partitions());
    }

    /**
     * Queues a batch for one partition. The future gives where it landed once the acknowledgement
     * {@code acks} asks for holds (for {@code durable}: fsynced and queryable).
     */
    public CompletableFuture<AppendOutcome> append(Datasource datasource, int partition, List<LogRecord> records, List<Row> rows,
            BatchProducer producer, AckMode acks)
    {
        CompletableFuture<AppendOutcome> done = new CompletableFuture<>();
        Topic topic = topics.get(datasource.name());
        if (topic == null) {
            done.completeExceptionally(new GroveException(GroveErrorCode.DATASOURCE_NOT_FOUND, "Datasource '" + datasource.name() + "' was dropped"));
            return done;
        }
        PartitionState state = topic.partitions.get(partition);
        stripeOf(state).append(state, records, rows, producer, acks, done);
        return done;
    }

    /** Queues a batch for partition 0, acknowledged when durable, as before partitions. */
    public CompletableFuture<Long> append(Datasource datasource, List<LogRecord> records, List<Row> rows)
    {
        return append(datasource, 0, records, rows, BatchProducer.NONE, AckMode.DURABLE).thenApply(AppendOutcome::baseOffset);
    }

    /** Stops writing a datasource's log, deletes it, then drops its table. */
    public CompletableFuture<Void> drop(String datasource)
    {
        Topic topic = topics.remove(datasource);
        if (topic == null) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            indexer.drop(datasource, done);
            return done;
        }
        topic.refused.close();
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (AppenderStripe stripe : stripes) {
            if (stripe.running()) {
                closed.add(stripe.closeTopic(topic));
            }
        }
        return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
            if (!stripes.get(0).running()) {
                topic.log.close();
            }
            DatasourceLog.delete(logDirectory(logRoot, datasource));
            CompletableFuture<Void> done = new CompletableFuture<>();
            indexer.drop(datasource, done);
            return done;
        });
    }

    /** Finishes everything queued, stops the indexer after it, and closes the logs. */
    public void stop()
            throws InterruptedException
    {
        for (AppenderStripe stripe : stripes) {
            stripe.stop();
        }
        indexer.stop();
        for (Topic topic : topics.values()) {
            topic.refused.close();
            topic.log.close();
        }
        topics.clear();
    }

    AppenderStripe stripeOf(PartitionState partition)
    {
        return stripes.get(Math.floorMod(partition.topic.name().hashCode() + partition.partition, stripes.size()));
    }

    GroveException storageFailure()
    {
        return storageFailure;
    }

    /** Makes the log read-only until restart; returns the failure every later write gets. */
    synchronized GroveException failStorage(String message, Throwable cause)
    {
        if (storageFailure == null) {
            log.error("Log storage failed; refusing further writes until restart", cause);
            storageFailure = new GroveException(GroveErrorCode.STORAGE_FAILURE, message, cause);
        }
        return storageFailure;
    }

    /**
     * A logged batch failed to apply: mark it refused in the log, durably, before the producer hears
     * so, so that no restart ever replays it. Runs on the indexer thread.
     */
    GroveException refuse(PartitionState partition, LogBatch batch, Throwable failure)
    {
        String name = partition.topic.name();
        String errorId = UUID.randomUUID().toString();
        long baseOffset = batch.baseOffset();
        try {
            partition.topic.refused.record(partition.partition, baseOffset, batch.records().size(), "error " + errorId + ": " + failure.getMessage());
        }
        catch (GroveException e) {
            log.error("Datasource '{}': cannot mark the failed batch at offset {} of partition {} refused", name, baseOffset, partition.partition, e);
            failStorage("The log is read-only after a storage failure (" + e.getMessage() + "); fix the disk and restart the node", e);
            return new GroveException(GroveErrorCode.STORAGE_FAILURE, "The batch was logged but could not be applied, and marking it refused failed too (error id "
                    + errorId + "); it may appear after a restart. Fix the disk and restart the node", e);
        }
        log.warn("Datasource '{}': batch at offset {} of partition {} ({} records) refused, error id {}", name, baseOffset, partition.partition,
                batch.records().size(), errorId, failure);
        if (failure instanceof GroveException grove && grove.code() == GroveErrorCode.DATASOURCE_NEEDS_REPAIR) {
            return grove;
        }
        return new GroveException(GroveErrorCode.BATCH_NOT_APPLIED, "The batch could not be applied to datasource '" + name
                + "' and was refused; none of its events will appear. Retry it (error id " + errorId + " in the node log)", failure);
    }
}
