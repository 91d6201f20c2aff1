package dev.grove.query;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The SQL context keys Grove reads (Druid's names), parsed and checked once per query. Druid
 * coerces string values, so {@code "300"} and {@code 300} both work.
 */
public record QueryContext(String queryId, Optional<Instant> currentTimestamp, Optional<Long> timeoutMillis)
{
    public QueryContext
    {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(currentTimestamp, "currentTimestamp is null");
        requireNonNull(timeoutMillis, "timeoutMillis is null");
    }

    public static QueryContext from(Map<String, ?> context)
    {
        Object queryId = context.get("sqlQueryId");
        String id = queryId == null || queryId.toString().isBlank() ? UUID.randomUUID().toString() : queryId.toString();
        Object zone = context.get("sqlTimeZone");
        if (zone != null && !isUtc(zone.toString())) {
            throw new GroveException(GroveErrorCode.SQL_UNSUPPORTED, "sqlTimeZone '" + zone + "' is not supported yet; Grove evaluates SQL in UTC");
        }
        return new QueryContext(id, instant(context.get("sqlCurrentTimestamp")), timeout(context.get("timeout")));
    }

    private static Optional<Instant> instant(Object value)
    {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.toString()));
        }
        catch (DateTimeParseException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Context 'sqlCurrentTimestamp' must be an ISO-8601 instant such as 2000-01-01T00:00:00Z, was '" + value + "'");
        }
    }

    private static Optional<Long> timeout(Object value)
    {
        if (value == null) {
            return Optional.empty();
        }
        try {
            long millis = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
            if (millis <= 0) {
                throw new NumberFormatException();
            }
            return Optional.of(millis);
        }
        catch (NumberFormatException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Context 'timeout' must be a positive number of milliseconds, was '" + value + "'");
        }
    }

    private static boolean isUtc(String zone)
    {
        return zone.equalsIgnoreCase("UTC") || zone.equals("Z") || zone.equals("+00:00") || zone.equalsIgnoreCase("Etc/UTC");
    }
}
