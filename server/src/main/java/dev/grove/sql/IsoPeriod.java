package dev.grove.sql;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An ISO-8601 period as Druid's time functions take it ({@code PT1M}, {@code P1D}, {@code P1W},
 * {@code P3M}, {@code PT0.750S}), with its DuckDB interval text.
 */
record IsoPeriod(String text, int years, int months, int weeks, int days, int hours, int minutes, BigDecimal seconds)
{
    private static final Pattern PERIOD = Pattern.compile(
            "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?");

    IsoPeriod
    {
        requireNonNull(text, "text is null");
        requireNonNull(seconds, "seconds is null");
    }

    /**
     * @throws IllegalArgumentException when the text is not a positive ISO-8601 period
     */
    static IsoPeriod parse(String text)
    {
        Matcher matcher = PERIOD.matcher(text);
        if (text.equals("P") || text.endsWith("T") || !matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 period such as PT1M, PT1H, P1D, P1W, P1M or P1Y");
        }
        IsoPeriod period = new IsoPeriod(text, group(matcher, 1), group(matcher, 2), group(matcher, 3), group(matcher, 4),
                group(matcher, 5), group(matcher, 6), matcher.group(7) == null ? BigDecimal.ZERO : new BigDecimal(matcher.group(7)));
        if (period.duckDbInterval().isEmpty()) {
            throw new IllegalArgumentException("Period '" + text + "' is empty; use a positive period such as PT1M");
        }
        return period;
    }

    /** Whether the period counts calendar months (its buckets start on month boundaries). */
    boolean isMonthBased()
    {
        return years > 0 || months > 0;
    }

    /** Whether the period is whole weeks only (Druid starts weeks on Monday). */
    boolean isWeeks()
    {
        return weeks > 0 && years == 0 && months == 0 && days == 0 && hours == 0 && minutes == 0 && seconds.signum() == 0;
    }

    /** DuckDB interval text, e.g. {@code 1 hours 30 minutes}. */
    String duckDbInterval()
    {
        StringBuilder interval = new StringBuilder();
        append(interval, years, "years");
        append(interval, months, "months");
        append(interval, weeks * 7 + days, "days");
        append(interval, hours, "hours");
        append(interval, minutes, "minutes");
        if (seconds.signum() > 0) {
            interval.append(interval.isEmpty() ? "" : " ").append(seconds.toPlainString()).append(" seconds");
        }
        return interval.toString();
    }

    /** {@code time} plus this period (calendar fields first, as Joda adds them; on a zoned time DST is kept). */
    @SuppressWarnings("unchecked")
    <T extends java.time.temporal.Temporal> T addTo(T time)
    {
        return (T) time.plus(years, java.time.temporal.ChronoUnit.YEARS).plus(months, java.time.temporal.ChronoUnit.MONTHS)
                .plus(weeks, java.time.temporal.ChronoUnit.WEEKS).plus(days, java.time.temporal.ChronoUnit.DAYS)
                .plus(hours, java.time.temporal.ChronoUnit.HOURS).plus(minutes, java.time.temporal.ChronoUnit.MINUTES)
                .plus(seconds.movePointRight(9).longValueExact(), java.time.temporal.ChronoUnit.NANOS);
    }

    /** {@code time} minus this period. */
    @SuppressWarnings("unchecked")
    <T extends java.time.temporal.Temporal> T subtractFrom(T time)
    {
        return (T) time.minus(years, java.time.temporal.ChronoUnit.YEARS).minus(months, java.time.temporal.ChronoUnit.MONTHS)
                .minus(weeks, java.time.temporal.ChronoUnit.WEEKS).minus(days, java.time.temporal.ChronoUnit.DAYS)
                .minus(hours, java.time.temporal.ChronoUnit.HOURS).minus(minutes, java.time.temporal.ChronoUnit.MINUTES)
                .minus(seconds.movePointRight(9).longValueExact(), java.time.temporal.ChronoUnit.NANOS);
    }

    private static void append(StringBuilder interval, int amount, String unit)
    {
        if (amount > 0) {
            interval.append(interval.isEmpty() ? "" : " ").append(amount).append(' ').append(unit);
        }
    }

    private static int group(Matcher matcher, int group)
    {
        String value = matcher.group(group);
        return value == null ? 0 : Integer.parseInt(value);
    }
}
