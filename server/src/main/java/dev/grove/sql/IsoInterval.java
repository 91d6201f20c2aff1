package dev.grove.sql;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * An ISO-8601 interval as Druid's {@code TIME_IN_INTERVAL} takes it: {@code start/end},
 * {@code start/period} or {@code period/end}, where an instant may be partial ({@code 2000},
 * {@code 2000-01}, {@code 2000-01-01T10}) and carries an optional offset (UTC when absent).
 * Start included, end excluded; both as UTC wall-clock times.
 */
record IsoInterval(LocalDateTime start, LocalDateTime end)
{
    private static final Pattern INSTANT = Pattern.compile(
            "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:[T ](\\d{2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?)?)?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?");

    IsoInterval
    {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("The interval's end is before its start");
        }
    }

    /**
     * @throws IllegalArgumentException when the text is not such an interval
     */
    static IsoInterval parse(String text)
    {
        return parse(text, java.time.ZoneOffset.UTC);
    }

    /** As {@link #parse(String)}, times without an offset being wall-clock times in {@code zone}. */
    static IsoInterval parse(String text, java.time.ZoneId zone)
    {
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 interval such as 2000-01-01/2001-01-01 or 2000-01-01/P1Y");
        }
        String first = text.substring(0, slash).trim();
        String second = text.substring(slash + 1).trim();
        if (first.startsWith("P") && second.startsWith("P")) {
            throw new IllegalArgumentException("'" + text + "' has two periods; an interval needs at least one instant");
        }
        if (first.startsWith("P")) {
            java.time.ZonedDateTime end = zoned(second, zone);
            return new IsoInterval(utc(IsoPeriod.parse(first).subtractFrom(end)), utc(end));
        }
        java.time.ZonedDateTime start = zoned(first, zone);
        return new IsoInterval(utc(start), utc(second.startsWith("P") ? IsoPeriod.parse(second).addTo(start) : zoned(second, zone)));
    }

    private static LocalDateTime utc(java.time.ZonedDateTime time)
    {
        return time.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }

    /** A (possibly partial) ISO-8601 instant as UTC wall-clock time. */
    static LocalDateTime instant(String text)
    {
        return utc(zoned(text, ZoneOffset.UTC));
    }

    /** A (possibly partial) ISO-8601 instant; without an offset, a wall-clock time in {@code zone}. */
    static java.time.ZonedDateTime zoned(String text, java.time.ZoneId zone)
    {
        Matcher m = INSTANT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 time such as 2000, 2000-01-01 or 2000-01-01T00:00:00Z");
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), number(m.group(2), 1), number(m.group(3), 1));
            String fraction = m.group(7) == null ? "0" : (m.group(7) + "00000000").substring(0, 9);
            LocalDateTime local = LocalDateTime.of(date, LocalTime.of(number(m.group(4), 0), number(m.group(5), 0), number(m.group(6), 0), Integer.parseInt(fraction)));
            if (m.group(8) == null) {
                return local.atZone(zone);
            }
            return local.atZone(m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8)));
        }
        catch (java.time.DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid ISO-8601 time: " + e.getMessage());
        }
    }

    private static int number(String group, int absent)
    {
        return group == null ? absent : Integer.parseInt(group);
    }
}
