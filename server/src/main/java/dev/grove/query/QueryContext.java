package dev.grove.query;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.sql.SqlOptions;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The SQL context keys Grove reads (Druid's names), parsed and checked once per query. Druid
 * coerces string values, so {@code "300"} and {@code 300} both work.
 */
public record QueryContext(String queryId, Optional<Instant> currentTimestamp, Optional<Long> timeoutMillis, Optional<String> lane, int priority,
        SqlOptions sqlOptions)
{
    public QueryContext
    {
        requireNonNull(sqlOptions, "sqlOptions is null");
        requireNonNull(queryId, "queryId is null");
        requireNonNull(currentTimestamp, "currentTimestamp is null");
        requireNonNull(timeoutMillis, "timeoutMillis is null");
        requireNonNull(lane, "lane is null");
    }

    private static final int MAX_QUERY_ID_LENGTH = 512;
    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    public static QueryContext from(Map<String, ?> context)
    {
        Object queryId = context.get("sqlQueryId");
        String id = queryId == null || queryId.toString().isBlank() ? UUID.randomUUID().toString() : queryId(queryId.toString());
        SqlOptions sqlOptions;
        try {
            sqlOptions = SqlOptions.fromContext(context);
        }
        catch (IllegalArgumentException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, e.getMessage());
        }
        return new QueryContext(id, instant(context.get("sqlCurrentTimestamp")), timeout(context.get("timeout")), lane(context.get("lane")),
                priority(context.get("priority")), sqlOptions);
    }

    /** Druid's {@code lane}: a lane name; empty or absent means the default lane. */
    private static Optional<String> lane(Object value)
    {
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.toString().trim());
    }

    /** Druid's {@code priority}: a whole number, higher runs first when queries wait; 0 by default. */
    private static int priority(Object value)
    {
        if (value == null || value.toString().isBlank()) {
            return 0;
        }
        try {
            return new BigDecimal(value.toString().trim()).intValueExact();
        }
        catch (NumberFormatException | ArithmeticException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Context 'priority' must be a whole number from " + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + ", was '" + value + "'");
        }
    }

    private static Optional<Instant> instant(Object value)
    {
        if (value == null) {
            return Optional.empty();
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.toString().trim()).toInstant();
        }
        catch (DateTimeParseException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Context 'sqlCurrentTimestamp' must be an ISO-8601 instant such as 2000-01-01T00:00:00Z, was '" + value + "'");
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Context 'sqlCurrentTimestamp' must be between 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, was '" + value + "'");
        }
        return Optional.of(instant);
    }

    private static Optional<Long> timeout(Object value)
    {
        if (value == null) {
            return Optional.empty();
        }
        try {
            long millis = new BigDecimal(value.toString().trim()).longValueExact();
            if (millis < 0) {
                throw new NumberFormatException();
            }
            // Druid: 0 means no timeout of the query's own; the node's default applies
            return millis == 0 ? Optional.empty() : Optional.of(millis);
        }
        catch (NumberFormatException | ArithmeticException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Context 'timeout' must be a whole number of milliseconds from 0 to " + Long.MAX_VALUE + ", was '" + value + "'");
        }
    }

    private static String queryId(String id)
    {
        if (id.length() > MAX_QUERY_ID_LENGTH || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Context 'sqlQueryId' must be at most " + MAX_QUERY_ID_LENGTH
                    + " characters without control characters (it is sent back in a header)");
        }
        return id;
    }
}
