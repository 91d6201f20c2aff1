package dev.grove.datasource;

import static java.util.Objects.requireNonNull;

/**
 * One parsed event: its time and its column values, in the schema's column order. Values are
 * {@code String}, {@code Long}, {@code Double} or {@code null}. The array is owned by the row.
 */
public record Row(long timeMillis, Object[] values)
{
    public Row
    {
        requireNonNull(values, "values is null");
    }
}
