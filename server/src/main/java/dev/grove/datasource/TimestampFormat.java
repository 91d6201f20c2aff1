package dev.grove.datasource;

/**
 * How an event's timestamp field is written, as in Druid's {@code timestampSpec.format}.
 */
public enum TimestampFormat
{
    /** ISO-8601 text: {@code 2026-11-23T07:00:00.000Z}, or without zone (read as UTC), or a date. */
    ISO,
    /** Epoch milliseconds, as a number or numeric text. */
    MILLIS,
    /** Epoch seconds, as a number or numeric text. */
    POSIX,
    /** ISO text, or a number read as epoch milliseconds. */
    AUTO
}
