package dev.grove.bench.vskafka;

import dev.grove.bench.vskafka.SystemUnderTest.ProduceTarget;
import dev.grove.bench.vskafka.SystemUnderTest.RecordSender;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * Runs one row against one target: every producer sends on its own thread through a warm-up, then a
 * measured window, then stops and drains. Only acknowledgements that arrive inside the window count, so
 * the result is the steady state and not the ramp-up or the final flush.
 *
 * <ul>
 *   <li>As fast as possible: each thread calls {@code send} in a loop; the client's bounded buffer blocks it
 *       when acks lag, so throughput is what acknowledgements allow. Latency is from {@code send} to ack.</li>
 *   <li>Fixed rate: each thread sends its share of the rate on a schedule; latency is from the time a record
 *       was due, so a stalled client counts its stall (no coordinated omission).</li>
 * </ul>
 * Every wait is bounded: the window by its length, blocked sends by {@link ClientSettings#TIMEOUT}, and the
 * drain by {@code drainTimeout}.
 */
final class LoadRun
{
    private static final int WARMING = 0;
    private static final int MEASURING = 1;
    private static final int DRAINING = 2;

    private final ProduceTarget target;
    private final RowSpec spec;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final AtomicLong measuredAcks = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private volatile int phase = WARMING;
    private volatile boolean stopping;

    private LoadRun(ProduceTarget target, RowSpec spec)
    {
        this.target = requireNonNull(target, "target is null");
        this.spec = requireNonNull(spec, "spec is null");
    }

    /** What the window saw: acknowledged records, its length, latency percentiles, and failures over the whole row. */
    record Measurement(long records, double seconds, double p50Millis, double p99Millis, long errors, Throwable firstError) {}

    static Measurement run(ProduceTarget target, RowSpec spec, Duration warmUp, Duration window, Duration drainTimeout)
            throws InterruptedException
    {
        return new LoadRun(target, spec).execute(warmUp, window, drainTimeout);
    }

    private Measurement execute(Duration warmUp, Duration window, Duration drainTimeout)
            throws InterruptedException
    {
        List<RecordSender> senders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int producer = 0; producer < spec.producers(); producer++) {
                RecordSender sender = target.newSender(producer);
                senders.add(sender);
                EventValues values = EventValues.create(spec.valueBytes(), producer);
                Runnable loop = spec.isFixedRate()
                        ? () -> sendAtRate(sender, values, (double) spec.fixedRate() / spec.producers())
                        : () -> sendFlatOut(sender, values);
                Thread thread = new Thread(loop, "bench-producer-" + producer);
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            Thread.sleep(warmUp.toMillis());
            long windowStart = System.nanoTime();
            phase = MEASURING;
            Thread.sleep(window.toMillis());
            phase = DRAINING;
            long windowEnd = System.nanoTime();
            stopping = true;
            long joinDeadline = System.nanoTime() + ClientSettings.TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(10);
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
                if (thread.isAlive()) {
                    throw new IllegalStateException(thread.getName() + " still blocked in send after " + ClientSettings.TIMEOUT.toSeconds() + " s");
                }
            }
            return new Measurement(measuredAcks.get(), (windowEnd - windowStart) / 1e9,
                    latencies.percentileMillis(50), latencies.percentileMillis(99), errors.get(), firstError.get());
        }
        finally {
            stopping = true;
            closeAll(senders, drainTimeout);
        }
    }

    private void sendFlatOut(RecordSender sender, EventValues values)
    {
        long index = 0;
        while (!stopping) {
            long sent = System.nanoTime();
            if (!trySend(sender, values.get(index++), sent)) {
                return;
            }
        }
    }

    private void sendAtRate(RecordSender sender, EventValues values, double recordsPerSecond)
    {
        double intervalNanos = 1e9 / recordsPerSecond;
        long start = System.nanoTime();
        long index = 0;
        while (!stopping) {
            long due = start + (long) (index * intervalNanos);
            long now = System.nanoTime();
            if (due > now) {
                // parkNanos sleeps at least ~50 µs: records that fall due meanwhile go out together, each timed from its due time
                LockSupport.parkNanos(Math.min(due - now, TimeUnit.MILLISECONDS.toNanos(1)));
                continue;
            }
            if (!trySend(sender, values.get(index++), due)) {
                return;
            }
        }
    }

    /** False when {@code send} itself threw: the client is broken, so this producer stops (counted as an error). */
    private boolean trySend(RecordSender sender, byte[] value, long timedFrom)
    {
        try {
            sender.send(value, failure -> acknowledged(timedFrom, failure));
            return true;
        }
        catch (RuntimeException e) {
            acknowledged(timedFrom, e);
            return false;
        }
    }

    private void acknowledged(long timedFrom, Throwable failure)
    {
        if (failure != null) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, failure);
            return;
        }
        if (phase == MEASURING) {
            latencies.recordNanos(System.nanoTime() - timedFrom);
            measuredAcks.incrementAndGet();
        }
    }

    private static void closeAll(List<RecordSender> senders, Duration drainTimeout)
    {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (RecordSender sender : senders) {
            sender.close(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
    }
}
