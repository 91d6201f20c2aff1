package dev.grove.sql;

import org.apache.calcite.sql.SqlNode;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Druid SQL text → {@link PlannedQuery}: parse, bind against the tables the caller may read, then
 * write DuckDB SQL. Each step knows nothing of the ones after it.
 *
 * <p>Thread-safe.
 */
public final class SqlPlanner
{
    private final TableResolver tables;

    public SqlPlanner(TableResolver tables)
    {
        this.tables = requireNonNull(tables, "tables is null");
    }

    /**
     * @param now the query's "now" ({@code CURRENT_TIMESTAMP}), fixed once per query as Druid fixes it
     */
    public PlannedQuery plan(String sql, List<Object> parameters, Instant now)
    {
        SqlNode statement = DruidSqlParser.parse(sql);
        List<String> columnNames = new SqlBinder(tables).bind(statement);
        String duckDbSql = new DuckDbSqlWriter(now).write(statement);
        return new PlannedQuery(duckDbSql, columnNames, parameters);
    }
}
