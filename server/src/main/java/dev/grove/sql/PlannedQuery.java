package dev.grove.sql;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A Druid SQL statement translated for the engine: DuckDB SQL text, the result column names Druid
 * would give (empty: take the engine's), and the positional parameter values.
 */
public record PlannedQuery(String duckDbSql, List<String> columnNames, List<Object> parameters)
{
    public PlannedQuery
    {
        requireNonNull(duckDbSql, "duckDbSql is null");
        columnNames = List.copyOf(requireNonNull(columnNames, "columnNames is null"));
        parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(requireNonNull(parameters, "parameters is null")));
    }
}
