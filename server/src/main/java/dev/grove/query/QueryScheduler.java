package dev.grove.query;

import dev.grove.engine.QueryCancellation;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * How many SQL queries run at once, over every protocol, in lanes (Druid's query laning). The default
 * lane has the shared slots ({@code grove.query.maxConcurrent}); each named lane
 * ({@code grove.query.lanes}, e.g. {@code one:2}) has slots of its own that only its queries take, and
 * may also borrow a free shared slot. So however many analyst queries fill the shared slots, a
 * dashboard in lane {@code one} still runs at once.
 *
 * <p>A query that finds no slot waits within its own timeout (and stops waiting when cancelled) in a
 * bounded line per lane ({@code grove.query.maxQueued}); a full line refuses at once with
 * CAPACITY_EXCEEDED. Waiting queries are served by Druid's {@code priority} (higher first), then in
 * order of arrival. A freed slot is handed straight to the query it is for, so nobody barges in.
 *
 * <p>Thread-safe.
 */
final class QueryScheduler
{
    static final String DEFAULT_LANE = "default";
    private static final long POLL_MILLIS = 100;
    private static final Comparator<Waiter> ORDER = Comparator.comparingInt((Waiter waiter) -> -waiter.priority).thenComparingLong(waiter -> waiter.sequence);

    private final int maxConcurrent;
    private final int maxQueued;
    private final Map<String, Integer> reserved;
    private final ReentrantLock lock = new ReentrantLock();
    private int freeShared;
    private final Map<String, Integer> freeReserved = new HashMap<>();
    private final Map<String, Integer> waitingPerLane = new HashMap<>();
    private final TreeSet<Waiter> waiting = new TreeSet<>(ORDER);
    private long sequence;

    QueryScheduler(int maxConcurrent, int maxQueued, Map<String, Integer> reservedPerLane)
    {
        if (maxConcurrent <= 0) {
            throw new IllegalArgumentException("maxConcurrent must be positive, was " + maxConcurrent);
        }
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.reserved = Map.copyOf(requireNonNull(reservedPerLane, "reservedPerLane is null"));
        this.freeShared = maxConcurrent;
        freeReserved.putAll(reserved);
    }

    /** A slot held by a running query; closing it hands it to the next waiting query. */
    interface Slot
            extends AutoCloseable
    {
        @Override
        void close();
    }

    /**
     * Takes a slot in {@code lane} (empty: the default lane), waiting at most {@code timeoutMillis}.
     * An unknown lane is refused, naming the lanes there are.
     */
    Slot acquire(Optional<String> lane, int priority, long timeoutMillis, QueryCancellation cancellation)
    {
        String name = lane.orElse(DEFAULT_LANE);
        if (!name.equals(DEFAULT_LANE) && !reserved.containsKey(name)) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Unknown query lane '" + name + "' in context 'lane'; the lanes are: "
                    + lanesText() + " (grove.query.lanes)");
        }
        Waiter waiter;
        lock.lock();
        try {
            Optional<String> taken = takeFree(name);
            if (taken.isPresent()) {
                return slot(taken.get());
            }
            int queued = waitingPerLane.getOrDefault(name, 0);
            if (queued >= maxQueued) {
                throw full(name);
            }
            waiter = new Waiter(name, priority, sequence++, lock.newCondition());
            waiting.add(waiter);
            waitingPerLane.merge(name, 1, Integer::sum);
        }
        finally {
            lock.unlock();
        }
        return await(waiter, timeoutMillis, cancellation);
    }

    private Slot await(Waiter waiter, long timeoutMillis, QueryCancellation cancellation)
    {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        GroveException failure = null;
        lock.lock();
        try {
            while (waiter.granted == null) {
                if (cancellation.isCancelled()) {
                    break;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    failure = new GroveException(GroveErrorCode.QUERY_TIMEOUT, "Query did not get a slot to run within its timeout of " + cancellation.timeoutMillis()
                            + " ms: all slots of lane '" + waiter.lane + "' were busy (" + slotsText(waiter.lane) + "); retry later or raise the context 'timeout'");
                    break;
                }
                try {
                    waiter.ready.await(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = full(waiter.lane);
                    break;
                }
            }
            if (waiter.granted != null) {
                return slot(waiter.granted);
            }
            waiting.remove(waiter);
            waitingPerLane.merge(waiter.lane, -1, Integer::sum);
        }
        finally {
            lock.unlock();
        }
        cancellation.throwIfCancelled();
        throw requireNonNull(failure, "failure is null");
    }

    /** Which pool a query of this lane takes a free slot from now: its own reserved slots first, then the shared ones. */
    private Optional<String> takeFree(String lane)
    {
        Integer free = freeReserved.get(lane);
        if (free != null && free > 0) {
            freeReserved.put(lane, free - 1);
            return Optional.of(lane);
        }
        if (freeShared > 0) {
            freeShared--;
            return Optional.of(DEFAULT_LANE);
        }
        return Optional.empty();
    }

    private Slot slot(String pool)
    {
        boolean[] closed = new boolean[1];
        return () -> {
            lock.lock();
            try {
                if (!closed[0]) {
                    closed[0] = true;
                    release(pool);
                }
            }
            finally {
                lock.unlock();
            }
        };
    }

    /** Hands a freed slot of {@code pool} to the first waiter that may take it, or marks it free. Called under the lock. */
    private void release(String pool)
    {
        for (Waiter waiter : waiting) {
            if (pool.equals(DEFAULT_LANE) || waiter.lane.equals(pool)) {
                waiting.remove(waiter);
                waitingPerLane.merge(waiter.lane, -1, Integer::sum);
                waiter.granted = pool;
                waiter.ready.signal();
                return;
            }
        }
        if (pool.equals(DEFAULT_LANE)) {
            freeShared++;
        }
        else {
            freeReserved.merge(pool, 1, Integer::sum);
        }
    }

    boolean hasLane(String lane)
    {
        return lane.equals(DEFAULT_LANE) || reserved.containsKey(lane);
    }

    /** Queries waiting for a slot now, over every lane. */
    int waitingCount()
    {
        lock.lock();
        try {
            return waiting.size();
        }
        finally {
            lock.unlock();
        }
    }

    private GroveException full(String lane)
    {
        return new GroveException(GroveErrorCode.QUERY_CAPACITY_EXCEEDED, "Too many queries: " + maxConcurrent + " are running and " + maxQueued
                + " waiting (grove.query.maxConcurrent, grove.query.maxQueued)" + (lane.equals(DEFAULT_LANE) ? "" : " in lane '" + lane + "' (" + slotsText(lane) + ")")
                + "; retry with backoff");
    }

    private String slotsText(String lane)
    {
        return lane.equals(DEFAULT_LANE)
                ? maxConcurrent + " shared slots, grove.query.maxConcurrent"
                : reserved.get(lane) + " reserved slots plus " + maxConcurrent + " shared, grove.query.lanes";
    }

    private String lanesText()
    {
        return reserved.isEmpty() ? "none besides the default" : reserved.keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    private static final class Waiter
    {
        final String lane;
        final int priority;
        final long sequence;
        final Condition ready;
        /** The pool whose slot was handed to this waiter; guarded by the scheduler's lock. */
        String granted;

        Waiter(String lane, int priority, long sequence, Condition ready)
        {
            this.lane = lane;
            this.priority = priority;
            this.sequence = sequence;
            this.ready = ready;
        }
    }
}
