package dev.grove.bench.vskafka;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, in log-linear buckets: exact below 64 µs, then 64 buckets per power of two, so
 * a percentile is off by at most 1/64 (1.6%). Fixed memory whatever the record count, which matters at
 * hundreds of thousands of acks per second. Thread-safe: acks arrive on the clients' own threads.
 */
final class LatencyHistogram
{
    private static final int SUB_BUCKET_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Up to 2^40 µs (12 days): anything longer is clamped into the last bucket. */
    private static final int MAX_EXPONENT = 40;

    private final AtomicLongArray counts = new AtomicLongArray((MAX_EXPONENT - SUB_BUCKET_BITS + 2) * SUB_BUCKETS);

    void recordNanos(long nanos)
    {
        counts.incrementAndGet(index(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    long count()
    {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The smallest bucket value at or above {@code percentile}% of the recorded latencies, in milliseconds; NaN when empty. */
    double percentileMillis(double percentile)
    {
        if (percentile <= 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
        }
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(percentile / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return upperBoundMicros(i) / 1000.0;
            }
        }
        return upperBoundMicros(counts.length() - 1) / 1000.0;
    }

    static int index(long micros)
    {
        if (micros < SUB_BUCKETS) {
            return (int) micros;
        }
        int exponent = Math.min(MAX_EXPONENT, 63 - Long.numberOfLeadingZeros(micros));
        long clamped = Math.min(micros, (1L << (MAX_EXPONENT + 1)) - 1);
        int subBucket = (int) ((clamped >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1));
        return (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + subBucket;
    }

    /** The largest value that falls in bucket {@code index}. */
    static long upperBoundMicros(int index)
    {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
        int subBucket = index % SUB_BUCKETS;
        long width = 1L << (exponent - SUB_BUCKET_BITS);
        return (1L << exponent) + (subBucket + 1) * width - 1;
    }
}
