package dev.grove.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * Types the positional values of a query's {@code ?} placeholders strictly, as Druid documents them:
 * a value that does not fit its declared type is refused with its position and type, never coerced to
 * 0, an empty string or a wrapped number. Protocol-neutral: HTTP sends Druid's {@code {type, value}}
 * JSON, gRPC sends untyped string/long/double values. The engine receives Long, Double, String,
 * Boolean, {@link LocalDateTime} (TIMESTAMP, UTC) or {@link LocalDate} (DATE), or null.
 */
public final class SqlParameters
{
    /** Druid accepts {@code yyyy-MM-dd HH:mm:ss[.SSS]} as well as ISO {@code yyyy-MM-ddTHH:mm:ss[.SSS][Z]}. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter(Locale.ROOT);

    private SqlParameters() {}

    /** One Druid HTTP parameter; {@code position} is 1-based. */
    public static Object fromDruid(int position, String type, JsonNode value)
    {
        if (type == null) {
            throw invalid(position, "?", "has no 'type'; give one of VARCHAR, BIGINT, INTEGER, DOUBLE, FLOAT, BOOLEAN, TIMESTAMP, DATE");
        }
        String upper = type.toUpperCase(Locale.ROOT);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw invalid(position, upper, "must be a single value, not " + (value.isArray() ? "an array" : "an object"));
        }
        return switch (upper) {
            case "VARCHAR", "CHAR" -> varchar(position, value.asText());
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT" -> whole(position, upper, value);
            case "DOUBLE", "FLOAT", "REAL", "DECIMAL" -> decimal(position, upper, value.isNumber() ? value.decimalValue() : parseDecimal(position, upper, value.asText()));
            case "BOOLEAN" -> bool(position, value);
            case "TIMESTAMP" -> value.isIntegralNumber() ? epochMillis(whole(position, upper, value)) : timestamp(position, value.asText());
            case "DATE" -> date(position, value.asText());
            default -> throw new GroveException(GroveErrorCode.INVALID_PARAMETER, "Parameter " + position + " has type '" + type
                    + "', which is not supported; use VARCHAR, BIGINT, INTEGER, DOUBLE, FLOAT, BOOLEAN, TIMESTAMP or DATE");
        };
    }

    /** A gRPC string parameter (VARCHAR). */
    public static String varchar(int position, String value)
    {
        if (value.indexOf('\0') >= 0) {
            throw invalid(position, "VARCHAR", "contains a NUL character, which Grove cannot store or compare; remove it");
        }
        return value;
    }

    /** A gRPC double parameter (DOUBLE): must be finite. */
    public static Double finiteDouble(int position, double value)
    {
        if (!Double.isFinite(value)) {
            throw invalid(position, "DOUBLE", "must be a finite number, was " + value);
        }
        return value;
    }

    private static long whole(int position, String type, JsonNode value)
    {
        BigDecimal number;
        if (value.isNumber()) {
            number = value.decimalValue();
        }
        else if (value.isTextual()) {
            number = parseDecimal(position, type, value.asText());
        }
        else {
            throw invalid(position, type, "must be a whole number, was " + value);
        }
        BigInteger whole;
        try {
            whole = number.toBigIntegerExact();
        }
        catch (ArithmeticException e) {
            throw invalid(position, type, "must be a whole number, was " + value.asText());
        }
        if (whole.bitLength() > 63) {
            throw invalid(position, type, "is out of range: " + value.asText() + " does not fit a 64-bit integer (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
        }
        return whole.longValue();
    }

    private static BigDecimal parseDecimal(int position, String type, String text)
    {
        try {
            return new BigDecimal(text.trim());
        }
        catch (NumberFormatException e) {
            throw invalid(position, type, "must be a number, was '" + text + "'");
        }
    }

    private static Double decimal(int position, String type, BigDecimal value)
    {
        double result = value.doubleValue();
        if (!Double.isFinite(result)) {
            throw invalid(position, type, "is out of range: " + value + " does not fit a DOUBLE");
        }
        return result;
    }

    private static Boolean bool(int position, JsonNode value)
    {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asText().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw invalid(position, "BOOLEAN", "must be true or false, was '" + value.asText() + "'");
    }

    private static LocalDateTime timestamp(int position, String text)
    {
        try {
            var parsed = TIMESTAMP.parse(text.trim());
            LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed), LocalTime.from(parsed));
            return parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? OffsetDateTime.of(local, ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : local;
        }
        catch (DateTimeParseException e) {
            throw invalid(position, "TIMESTAMP", "must be a timestamp such as '2000-01-01 00:00:00' or '2000-01-01T00:00:00.000Z', was '" + text + "'");
        }
    }

    private static LocalDateTime epochMillis(long millis)
    {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L), (int) Math.floorMod(millis, 1000L) * 1_000_000, ZoneOffset.UTC);
    }

    private static LocalDate date(int position, String text)
    {
        try {
            return LocalDate.parse(text.trim());
        }
        catch (DateTimeParseException e) {
            throw invalid(position, "DATE", "must be a date such as '2000-01-01', was '" + text + "'");
        }
    }

    private static GroveException invalid(int position, String type, String problem)
    {
        return new GroveException(GroveErrorCode.INVALID_PARAMETER, "Parameter " + position + " (" + type + ") " + problem);
    }
}
