package dev.grove.query;

import dev.grove.engine.QueryCancellation;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many SQL queries run at once, over every protocol: a few slots, and a bounded line of queries
 * waiting for one. A query waits within its own timeout (and stops waiting when cancelled); when the
 * line is full it is refused at once with CAPACITY_EXCEEDED, so no client can pile up work or threads.
 *
 * <p>Thread-safe.
 */
final class QueryAdmission
{
    private static final long POLL_MILLIS = 100;

    private final Semaphore slots;
    private final int maxConcurrent;
    private final int maxQueued;
    private final AtomicInteger waiting = new AtomicInteger();

    QueryAdmission(int maxConcurrent, int maxQueued)
    {
        this.slots = new Semaphore(maxConcurrent, true);
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
    }

    /** Takes a slot, waiting at most {@code timeoutMillis}; the caller must {@link #release()} it. */
    void acquire(long timeoutMillis, QueryCancellation cancellation)
    {
        if (slots.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > maxQueued) {
            waiting.decrementAndGet();
            throw full();
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (true) {
                cancellation.throwIfCancelled();
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    throw new GroveException(GroveErrorCode.QUERY_TIMEOUT, "Query did not get a slot to run within its timeout of " + cancellation.timeoutMillis()
                            + " ms: all " + maxConcurrent + " slots (grove.query.maxConcurrent) were busy; retry later or raise the context 'timeout'");
                }
                if (slots.tryAcquire(Math.min(remaining, POLL_MILLIS), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw full();
        }
        finally {
            waiting.decrementAndGet();
        }
    }

    void release()
    {
        slots.release();
    }

    private GroveException full()
    {
        return new GroveException(GroveErrorCode.QUERY_CAPACITY_EXCEEDED, "Too many queries: " + maxConcurrent + " are running and " + maxQueued
                + " waiting (grove.query.maxConcurrent, grove.query.maxQueued); retry with backoff");
    }
}
