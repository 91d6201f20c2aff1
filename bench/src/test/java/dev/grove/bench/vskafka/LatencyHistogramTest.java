package dev.grove.bench.vskafka;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest
{
    @Test
    void microsecondsBelowSixtyFourAreExact()
    {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int micros = 1; micros <= 50; micros++) {
            histogram.recordNanos(TimeUnit.MICROSECONDS.toNanos(micros));
        }
        assertThat(histogram.count()).isEqualTo(50);
        assertThat(histogram.percentileMillis(50)).isEqualTo(0.025);
        assertThat(histogram.percentileMillis(100)).isEqualTo(0.050);
    }

    @Test
    void percentilesOfSpreadValuesAreWithinOneSixtyFourth()
    {
        LatencyHistogram histogram = new LatencyHistogram();
        SplittableRandom random = new SplittableRandom(7);
        long[] micros = new long[10_000];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = 100 + random.nextLong(5_000_000);
            histogram.recordNanos(TimeUnit.MICROSECONDS.toNanos(micros[i]));
        }
        java.util.Arrays.sort(micros);
        double exactP99 = micros[(int) Math.ceil(0.99 * micros.length) - 1] / 1000.0;
        double exactP50 = micros[(int) Math.ceil(0.50 * micros.length) - 1] / 1000.0;
        assertThat(histogram.percentileMillis(99)).isGreaterThanOrEqualTo(exactP99).isCloseTo(exactP99, within(exactP99 / 64));
        assertThat(histogram.percentileMillis(50)).isGreaterThanOrEqualTo(exactP50).isCloseTo(exactP50, within(exactP50 / 64));
    }

    @Test
    void everyBucketBoundContainsItsOwnValues()
    {
        for (long micros : new long[] {0, 1, 63, 64, 65, 127, 128, 1000, 123_456, 1L << 30, (1L << 41) - 1}) {
            int index = LatencyHistogram.index(micros);
            assertThat(LatencyHistogram.upperBoundMicros(index)).isGreaterThanOrEqualTo(micros);
            if (index > 0) {
                assertThat(LatencyHistogram.upperBoundMicros(index - 1)).isLessThan(micros);
            }
        }
    }

    @Test
    void hugeAndNegativeLatenciesAreClampedNotLost()
    {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordNanos(Long.MAX_VALUE);
        histogram.recordNanos(-5);
        assertThat(histogram.count()).isEqualTo(2);
        assertThat(histogram.percentileMillis(50)).isZero();
    }

    @Test
    void anEmptyHistogramHasNoPercentiles()
    {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThat(histogram.percentileMillis(99)).isNaN();
        assertThatThrownBy(() -> histogram.percentileMillis(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
