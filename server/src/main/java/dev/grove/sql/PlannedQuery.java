package dev.grove.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A Druid SQL statement translated for the engine: DuckDB SQL text, the result column names Druid
 * would give (empty: take the engine's), the positional parameter values, and every table it reads.
 */
public record PlannedQuery(String duckDbSql, List<String> columnNames, List<Object> parameters, Set<String> tables)
{
    public PlannedQuery
    {
        requireNonNull(duckDbSql, "duckDbSql is null");
        columnNames = List.copyOf(requireNonNull(columnNames, "columnNames is null"));
        // parameters may be null (SQL NULL), which List.copyOf refuses
        parameters = Collections.unmodifiableList(new ArrayList<>(requireNonNull(parameters, "parameters is null")));
        tables = Set.copyOf(requireNonNull(tables, "tables is null"));
    }
}
