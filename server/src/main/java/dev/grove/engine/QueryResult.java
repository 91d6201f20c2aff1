package dev.grove.engine;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A query's complete result. Values are {@code String}, {@code Long}, {@code Double}, {@code Float},
 * {@code Boolean}, {@code java.time.Instant} (TIMESTAMP and DATE), {@code List} (arrays) or null.
 */
public record QueryResult(List<ResultColumn> columns, List<Object[]> rows)
{
    public QueryResult
    {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }
}
