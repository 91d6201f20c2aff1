package dev.grove.sql;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The query-context keys that change what a statement means (Druid's names): {@code sqlOuterLimit}
 * (an implicit outer LIMIT), {@code sqlTimeZone} (the session time zone, UTC by default) and {@code useApproximateCountDistinct} (default true; with it Druid refuses
 * {@code SUM(DISTINCT ...)} and {@code AVG(DISTINCT ...)}).
 */
public record SqlOptions(OptionalLong outerLimit, boolean approximateCountDistinct, ZoneId timeZone)
{
    public static final SqlOptions DEFAULT = new SqlOptions(OptionalLong.empty(), true, ZoneOffset.UTC);

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
        Object approximate = context.get("useApproximateCountDistinct");
        boolean approximateCountDistinct = true;
        if (approximate != null) {
            String text = approximate.toString().trim();
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("Context 'useApproximateCountDistinct' must be true or false, was '" + approximate + "'");
            }
            approximateCountDistinct = Boolean.parseBoolean(text);
        }
        Object zone = context.get("sqlTimeZone");
        ZoneId timeZone = zone == null ? ZoneOffset.UTC : SqlTimeZone.parse(zone.toString());
        return new SqlOptions(outerLimit, approximateCountDistinct, timeZone);
    }
}
