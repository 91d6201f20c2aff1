package dev.grove.query;

import dev.grove.engine.QueryCancellation;
import dev.grove.error.GroveException;

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
    private final Map<String, Set<QueryCancellation>> byId = new ConcurrentHashMap<>();
    private final Object idle = new Object();

    void add(String queryId, QueryCancellation cancellation)
    {
        byId.compute(queryId, (id, running) -> {
            Set<QueryCancellation> set = running == null ? ConcurrentHashMap.newKeySet() : running;
            set.add(cancellation);
            return set;
        });
    }

    void remove(String queryId, QueryCancellation cancellation)
    {
        byId.computeIfPresent(queryId, (id, running) -> {
            running.remove(cancellation);
            return running.isEmpty() ? null : running;
        });
        if (byId.isEmpty()) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Cancels every running query with this id; false when none runs. */
    public boolean cancel(String queryId, GroveException reason)
    {
        Set<QueryCancellation> running = byId.get(queryId);
        if (running == null || running.isEmpty()) {
            return false;
        }
        running.forEach(cancellation -> cancellation.cancel(reason));
        return true;
    }

    /** Cancels every running query; returns their ids. */
    public Set<String> cancelAll(GroveException reason)
    {
        Set<String> ids = Set.copyOf(byId.keySet());
        ids.forEach(id -> cancel(id, reason));
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
