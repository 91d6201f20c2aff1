package dev.grove.index;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.Row;
import dev.grove.engine.DuckDbEngine;
import dev.grove.engine.TableWriter;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Applies durable batches to each datasource's realtime table in log order, then completes the
 * batch's acknowledgement, so an acknowledged row is always queryable. Runs a few threads ("lanes"),
 * each owning the tables of a share of the datasources, so datasources are indexed in parallel while
 * each table keeps one writer; the log appenders hand work through each lane's bounded queue, which is
 * how a slow engine pushes back on producers.
 *
 * <p>Thread-safe entry points ({@link #apply}, {@link #drop}, {@link #stop}); the writers are
 * confined to their lane's thread.
 */
public final class RealtimeIndexer
{
    private static final Logger log = LoggerFactory.getLogger(RealtimeIndexer.class);

    private final DuckDbEngine engine;
    private final List<Lane> lanes;

    public RealtimeIndexer(DuckDbEngine engine, int queueCapacity)
    {
        this(engine, queueCapacity, 1);
    }

    public RealtimeIndexer(DuckDbEngine engine, int queueCapacity, int threads)
    {
        this.engine = requireNonNull(engine, "engine is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            lanes.add(new Lane(queueCapacity, threads == 1 ? "grove-indexer" : "grove-indexer-" + i));
        }
        this.lanes = List.copyOf(lanes);
    }

    public void start()
    {
        lanes.forEach(lane -> lane.thread.start());
    }

    /**
     * Queues rows for the datasource's table; {@code done} completes once they are visible, or fails
     * with none of them visible. Blocks while the queue is full. Start-up recovery uses this too, so
     * every writer lives on its lane's thread.
     */
    public void apply(Datasource datasource, List<Row> rows, CompletableFuture<Void> done)
    {
        lane(datasource.name()).put(new Apply(datasource, rows, done));
    }

    /** Queues closing the datasource's writer and dropping its table, after everything queued before. */
    public void drop(String datasource, CompletableFuture<Void> done)
    {
        lane(datasource).put(new Drop(datasource, done));
    }

    /** Queues a stop after everything already queued, and waits for the threads to finish. */
    public void stop()
            throws InterruptedException
    {
        for (Lane lane : lanes) {
            if (lane.thread.isAlive()) {
                lane.put(new Stop());
                lane.thread.join();
            }
        }
    }

    private Lane lane(String datasource)
    {
        return lanes.get(Math.floorMod(datasource.hashCode(), lanes.size()));
    }

    /** One indexer thread and the writers of its datasources. */
    private final class Lane
    {
        private final BlockingQueue<Command> queue;
        private final Thread thread;
        /** Confined to the lane's thread: a DuckDB Appender must stay on the thread that opened it. */
        private final Map<String, TableWriter> writers = new HashMap<>();
        /** Datasources whose table may hold part of a failed batch; confined to the lane's thread. */
        private final Set<String> damaged = new HashSet<>();

        Lane(int queueCapacity, String name)
        {
            this.queue = new ArrayBlockingQueue<>(queueCapacity);
            this.thread = new Thread(this::run, name);
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
                        apply(apply);
                    }
                    else if (command instanceof Drop drop) {
                        TableWriter writer = writers.remove(drop.datasource());
                        if (writer != null) {
                            writer.close();
                        }
                        damaged.remove(drop.datasource());
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
                    log.error("Indexer command failed", e);
                    command.done().completeExceptionally(e);
                }
            }
        }

        private void apply(Apply apply)
        {
            String name = apply.datasource().name();
            if (damaged.contains(name)) {
                apply.done().completeExceptionally(new GroveException(GroveErrorCode.DATASOURCE_NEEDS_REPAIR, "Datasource '" + name
                        + "' accepts no events until the node restarts: a failed batch could not be removed from its table, and a restart rebuilds it from the log"));
                return;
            }
            TableWriter writer;
            try {
                writer = writers.computeIfAbsent(name, ignored -> engine.openWriter(apply.datasource()));
            }
            catch (RuntimeException e) {
                apply.done().completeExceptionally(e);
                return;
            }
            try {
                writer.append(apply.rows());
                apply.done().complete(null);
            }
            catch (TableWriter.AppendFailedException e) {
                // the writer closed itself; the next batch opens a fresh one
                writers.remove(name);
                if (!e.rolledBack()) {
                    damaged.add(name);
                }
                log.error("Datasource '{}': applying {} rows failed{}", name, apply.rows().size(),
                        e.rolledBack() ? "; none of them is visible" : "; its table needs a restart to be rebuilt", e);
                apply.done().completeExceptionally(e);
            }
        }
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
