package dev.grove.sql;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The query-context keys that change what a statement means (Druid's names): {@code sqlOuterLimit}
 * (an implicit outer LIMIT), {@code skipEmptyBuckets} (an aggregate over no rows answers no row), {@code sqlTimeZone} (the session time zone, UTC by default) and {@code useApproximateCountDistinct} (default true; with it Druid refuses
 * {@code SUM(DISTINCT ...)} and {@code AVG(DISTINCT ...)}).
 */
public record SqlOptions(OptionalLong outerLimit, boolean approximateCountDistinct, ZoneId timeZone, boolean skipEmptyBuckets)
{
    public static final SqlOptions DEFAULT = new SqlOptions(OptionalLong.empty(), true, ZoneOffset.UTC, false);

    public SqlOptions(OptionalLong outerLimit, boolean approximateCountDistinct, ZoneId timeZone)
    {
        this(outerLimit, approximateCountDistinct, timeZone, false);
    }

    public SqlOptions
    {
        requireNonNull(outerLimit, "outerLimit is null");
        requireNonNull(timeZone, "timeZone is null");
    }

    /**
     * Reads the keys from a query context; Druid coerces strings, so {@code "10"} and {@code 10} both work.
     *
     * @throws IllegalArgumentException with the key's name when a value has the wrong shape
     */
    public static SqlOptions fromContext(Map<String, ?> context)
    {
        OptionalLong outerLimit = OptionalLong.empty();
        Object limit = context.get("sqlOuterLimit");
        if (limit != null) {
            try {
                long value = new BigDecimal(limit.toString().trim()).longValueExact();
                if (value < 0) {
                    throw new NumberFormatException();
                }
                outerLimit = OptionalLong.of(value);
            }
            catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("Context 'sqlOuterLimit' must be a whole number of rows, 0 or more, was '" + limit + "'");
            }
        }
        Object zone = context.get("sqlTimeZone");
        ZoneId timeZone = zone == null ? ZoneOffset.UTC : SqlTimeZone.parse(zone.toString());
        return new SqlOptions(outerLimit, flag(context, "useApproximateCountDistinct", true), timeZone, flag(context, "skipEmptyBuckets", false));
    }

    private static boolean flag(Map<String, ?> context, String key, boolean absent)
    {
        Object value = context.get(key);
        if (value == null) {
            return absent;
        }
        String text = value.toString().trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Context '" + key + "' must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(text);
    }
}
