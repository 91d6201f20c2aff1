package dev.grove.protocol.pg;

import dev.grove.engine.QueryResult;
import dev.grove.engine.ResultColumn;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What one statement produced: its columns (empty for a command without rows, answered with NoData),
 * its rows (QueryResult's value types) and the CommandComplete tag ("SELECT 3", "SET", ...).
 */
record PgResult(Optional<List<Column>> columns, List<Object[]> rows, String tag)
{
    record Column(String name, PgType type)
    {
        Column
        {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    PgResult
    {
        requireNonNull(columns, "columns is null");
        columns = columns.map(List::copyOf);
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
        requireNonNull(tag, "tag is null");
    }

    static PgResult command(String tag)
    {
        return new PgResult(Optional.empty(), List.of(), tag);
    }

    static PgResult rows(List<Column> columns, List<Object[]> rows)
    {
        return new PgResult(Optional.of(columns), rows, "SELECT");
    }

    static PgResult of(QueryResult result)
    {
        List<Column> columns = result.columns().stream().map(column -> new Column(column.name(), PgType.forColumn(column))).toList();
        return rows(columns, result.rows());
    }

    PgResult withTag(String tag)
    {
        return new PgResult(columns, rows, tag);
    }

    static List<Column> columnsOf(List<ResultColumn> columns)
    {
        return columns.stream().map(column -> new Column(column.name(), PgType.forColumn(column))).toList();
    }
}
