package dev.grove.query;

import dev.grove.engine.QueryCancellation;
import dev.grove.error.GroveException;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The SQL queries running on this node, by {@code sqlQueryId}: what Druid's
 * {@code DELETE /druid/v2/sql/{sqlQueryId}} cancels, and what a shutdown waits for and then cancels.
 * Several running queries may share an id; a cancel reaches them all.
 *
 * <p>Thread-safe.
 */
public final class RunningQueries
{
    private final Map<String, Set<Running>> byId = new ConcurrentHashMap<>();
    private final Object idle = new Object();

    /**
     * A running query: its cancellation, and the datasources it reads, filled in once it is planned. Equal
     * only to itself: the table set changes while the query is registered, so it must not take part in
     * equality or hashing.
     */
    private static final class Running
    {
        private final QueryCancellation cancellation;
        private final Set<String> tables;

        Running(QueryCancellation cancellation, Set<String> tables)
        {
            this.cancellation = cancellation;
            this.tables = tables;
        }

        QueryCancellation cancellation()
        {
            return cancellation;
        }

        Set<String> tables()
        {
            return tables;
        }
    }

    /** Registers a query; {@code tables} is the live set of the datasources it reads, known once it is planned. */
    void add(String queryId, QueryCancellation cancellation, Set<String> tables)
    {
        byId.compute(queryId, (id, running) -> {
            Set<Running> set = running == null ? ConcurrentHashMap.newKeySet() : running;
            set.add(new Running(cancellation, tables));
            return set;
        });
    }

    void remove(String queryId, QueryCancellation cancellation)
    {
        byId.computeIfPresent(queryId, (id, running) -> {
            running.removeIf(query -> query.cancellation() == cancellation);
            return running.isEmpty() ? null : running;
        });
        if (byId.isEmpty()) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /**
     * Cancels every running query with this id, as Druid allows it: the canceller needs READ on every
     * datasource those queries read ({@code PERMISSION_DENIED} otherwise). False when none runs.
     */
    public boolean cancel(String queryId, GroveException reason, TableAccess canceller)
    {
        Set<Running> running = byId.get(queryId);
        if (running == null || running.isEmpty()) {
            return false;
        }
        Set<String> tables = new HashSet<>();
        running.forEach(query -> tables.addAll(query.tables()));
        canceller.checkCanRead(tables);
        running.forEach(query -> query.cancellation().cancel(reason));
        return true;
    }

    /** Cancels every running query; returns their ids. */
    public Set<String> cancelAll(GroveException reason)
    {
        Set<String> ids = Set.copyOf(byId.keySet());
        ids.forEach(id -> cancel(id, reason, TableAccess.ALL));
        return ids;
    }

    public int count()
    {
        return byId.values().stream().mapToInt(Set::size).sum();
    }

    /** Waits until no query runs, or the time is up; true if none does. */
    public boolean awaitNone(long timeoutMillis)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (idle) {
            while (!byId.isEmpty()) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return false;
                }
                idle.wait(Math.min(remaining, 100));
            }
        }
        return true;
    }
}
