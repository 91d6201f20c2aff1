package dev.grove.datasource;

import static java.util.Objects.requireNonNull;

/**
 * Which event field holds the event time, and how it is written. It becomes {@code __time}.
 */
public record TimestampSpec(String column, TimestampFormat format)
{
    public static final TimestampSpec DEFAULT = new TimestampSpec("timestamp", TimestampFormat.AUTO);

    public TimestampSpec
    {
        requireNonNull(column, "column is null");
        requireNonNull(format, "format is null");
        if (column.isBlank()) {
            throw new IllegalArgumentException("Timestamp column must not be empty");
        }
    }
}
