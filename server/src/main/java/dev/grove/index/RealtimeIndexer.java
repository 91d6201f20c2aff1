package dev.grove.index;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.Row;
import dev.grove.engine.DuckDbEngine;
import dev.grove.engine.TableWriter;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Applies durable batches to each datasource's realtime table in log order, then completes the
 * batch's acknowledgement, so an acknowledged row is always queryable. Runs one thread; the log
 * appender hands it work through a bounded queue, which is how a slow engine pushes back on producers.
 *
 * <p>Thread-safe entry points ({@link #apply}, {@link #drop}, {@link #stop}); the writers are
 * confined to the indexer thread.
 */
public final class RealtimeIndexer
{
    private static final Logger log = LoggerFactory.getLogger(RealtimeIndexer.class);

    private final DuckDbEngine engine;
    private final BlockingQueue<Command> queue;
    private final Thread thread;
    /** Confined to the indexer thread (or to the caller before {@link #start}). */
    private final Map<String, TableWriter> writers = new HashMap<>();

    public RealtimeIndexer(DuckDbEngine engine, int queueCapacity)
    {
        this.engine = requireNonNull(engine, "engine is null");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "grove-indexer");
    }

    /** Applies rows on the calling thread; only for recovery, before {@link #start}. */
    public void applyNow(Datasource datasource, List<Row> rows)
    {
        if (thread.isAlive()) {
            throw new IllegalStateException("applyNow is for recovery before start");
        }
        writer(datasource).append(rows);
    }

    public void start()
    {
        thread.start();
    }

    /** Queues rows for the datasource's table; {@code done} completes once they are visible. Blocks while the queue is full. */
    public void apply(Datasource datasource, List<Row> rows, CompletableFuture<Void> done)
    {
        put(new Apply(datasource, rows, done));
    }

    /** Queues closing the datasource's writer and dropping its table, after everything queued before. */
    public void drop(String datasource, CompletableFuture<Void> done)
    {
        put(new Drop(datasource, done));
    }

    /** Queues a stop after everything already queued, and waits for the thread to finish. */
    public void stop()
            throws InterruptedException
    {
        if (!thread.isAlive()) {
            writers.values().forEach(TableWriter::close);
            return;
        }
        put(new Stop());
        thread.join();
    }

    private void put(Command command)
    {
        try {
            queue.put(command);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            command.done().completeExceptionally(new GroveException(GroveErrorCode.NODE_DRAINING, "Interrupted while queueing rows for indexing"));
        }
    }

    private void run()
    {
        while (true) {
            Command command;
            try {
                command = queue.take();
            }
            catch (InterruptedException e) {
                log.warn("Indexer interrupted; stopping with {} batches unapplied", queue.size());
                break;
            }
            try {
                if (command instanceof Apply apply) {
                    writer(apply.datasource()).append(apply.rows());
                    apply.done().complete(null);
                }
                else if (command instanceof Drop drop) {
                    TableWriter writer = writers.remove(drop.datasource());
                    if (writer != null) {
                        writer.close();
                    }
                    engine.dropTable(drop.datasource());
                    drop.done().complete(null);
                }
                else {
                    writers.values().forEach(TableWriter::close);
                    writers.clear();
                    command.done().complete(null);
                    return;
                }
            }
            catch (RuntimeException e) {
                log.error("Indexing failed", e);
                if (command instanceof Apply apply) {
                    // an appender that failed mid-row is unusable; the next batch gets a fresh one
                    TableWriter writer = writers.remove(apply.datasource().name());
                    if (writer != null) {
                        writer.close();
                    }
                }
                command.done().completeExceptionally(e);
            }
        }
    }

    private TableWriter writer(Datasource datasource)
    {
        return writers.computeIfAbsent(datasource.name(), name -> engine.openWriter(datasource));
    }

    private sealed interface Command
            permits Apply, Drop, Stop
    {
        CompletableFuture<Void> done();
    }

    private record Apply(Datasource datasource, List<Row> rows, CompletableFuture<Void> done)
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
