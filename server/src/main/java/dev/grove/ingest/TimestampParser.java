package dev.grove.ingest;

import dev.grove.datasource.TimestampFormat;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Turns an event's timestamp value into epoch milliseconds, following Druid's timestamp formats.
 */
final class TimestampParser
{
    private TimestampParser() {}

    /**
     * @param text the value as text (numbers included)
     * @param isNumber whether the JSON value was a number
     * @throws IllegalArgumentException with a message naming the problem
     */
    static long parse(String text, boolean isNumber, TimestampFormat format)
    {
        try {
            return switch (format) {
                case MILLIS -> parseNumber(text, 1);
                case POSIX -> parseNumber(text, 1000);
                case ISO -> parseIso(text);
                case AUTO -> isNumber || looksNumeric(text) ? parseNumber(text, 1) : parseIso(text);
            };
        }
        catch (DateTimeException | ArithmeticException e) {
            // a well-formed time whose epoch milliseconds do not fit a long, such as year +999999999
            throw new IllegalArgumentException("'" + text + "' is outside the supported time range");
        }
    }

    private static long parseNumber(String text, long multiplier)
    {
        try {
            return new BigDecimal(text.trim()).multiply(BigDecimal.valueOf(multiplier)).longValueExact();
        }
        catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number of " + (multiplier == 1 ? "epoch milliseconds" : "epoch seconds"));
        }
    }

    private static long parseIso(String text)
    {
        String value = text.trim();
        // "2026-11-23 07:00:00" is common in SQL-minded producers; read it as ISO
        if (value.length() > 10 && value.charAt(10) == ' ') {
            value = value.substring(0, 10) + 'T' + value.substring(11);
        }
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        }
        catch (DateTimeParseException ignored) {
            // try the forms without an offset
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        catch (DateTimeParseException ignored) {
            // try a plain date
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 time such as " + Instant.EPOCH);
        }
    }

    private static boolean looksNumeric(String text)
    {
        String value = text.trim();
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isDigit(c) || c == '.' || (i == 0 && c == '-'))) {
                return false;
            }
        }
        return true;
    }
}
