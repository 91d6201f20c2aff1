package dev.grove.sql;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Druid's session time zone ({@code sqlTimeZone}, IANA names such as {@code America/Los_Angeles}, or
 * offsets): time literals without an offset are wall-clock times there, and FLOOR, TIME_FLOOR, EXTRACT,
 * TIME_FORMAT and friends work on its wall clock (DST included). The engine keeps UTC; these helpers
 * write the conversions (DuckDB's {@code timezone()}) around an expression.
 */
final class SqlTimeZone
{
    private SqlTimeZone() {}

    /**
     * @throws IllegalArgumentException for a name that is not a time zone
     */
    static ZoneId parse(String name)
    {
        try {
            ZoneId zone = ZoneId.of(name.trim());
            return isUtc(zone) ? ZoneOffset.UTC : zone;
        }
        catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + name + "' is not a time zone; use an IANA name such as America/Los_Angeles, or UTC");
        }
    }

    static boolean isUtc(ZoneId zone)
    {
        return zone.normalized().equals(ZoneOffset.UTC) || zone.getId().equals("UTC") || zone.getId().equals("Etc/UTC") || zone.getId().equals("Z");
    }

    /** SQL for the wall-clock time in {@code zone} of the UTC timestamp {@code expression}. */
    static String toLocal(ZoneId zone, String expression)
    {
        return isUtc(zone) ? expression : "timezone('" + zone.getId() + "', CAST(" + expression + " AS TIMESTAMPTZ))";
    }

    /** SQL for the UTC timestamp of the wall-clock time {@code expression} in {@code zone}. */
    static String fromLocal(ZoneId zone, String expression)
    {
        return isUtc(zone) ? expression : "CAST(timezone('" + zone.getId() + "', " + expression + ") AS TIMESTAMP)";
    }

    /** The UTC time of a wall-clock time in {@code zone} (in a DST gap, the later offset, as Joda does). */
    static LocalDateTime localToUtc(ZoneId zone, LocalDateTime local)
    {
        return isUtc(zone) ? local : local.atZone(zone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
}
