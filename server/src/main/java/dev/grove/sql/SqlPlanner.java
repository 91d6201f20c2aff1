package dev.grove.sql;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.SqlException;
import org.apache.calcite.sql.SqlNode;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
    private final SqlComplexity complexity;

    public SqlPlanner(TableResolver tables, SqlLimits limits)
    {
        this.tables = requireNonNull(tables, "tables is null");
        this.complexity = new SqlComplexity(limits);
    }

    public PlannedQuery plan(String sql, List<Object> parameters, Instant now)
    {
        return plan(sql, parameters, now, SqlOptions.DEFAULT, () -> {});
    }

    /**
     * @param now the query's "now" ({@code CURRENT_TIMESTAMP}), fixed once per query as Druid fixes it
     * @param checkpoint run between the stages; throws to stop planning (the query's deadline)
     */
    public PlannedQuery plan(String sql, List<Object> parameters, Instant now, SqlOptions options, Runnable checkpoint)
    {
        return plan(sql, parameters, now, options, checkpoint, TablePolicy.NONE);
    }

    /**
     * @param policy what the caller sees of each table: references to a restricted table are replaced by
     * the policy's query before translation, so no shape of statement reaches rows or columns it hides
     */
    public PlannedQuery plan(String sql, List<Object> parameters, Instant now, SqlOptions options, Runnable checkpoint, TablePolicy policy)
    {
        if (sql != null) {
            complexity.checkText(sql);
        }
        SqlNode statement = DruidSqlParser.parse(sql);
        checkpoint.run();
        int placeholders = complexity.checkTree(statement);
        if (placeholders != parameters.size()) {
            throw new SqlException(GroveErrorCode.INVALID_PARAMETER, "Query has " + placeholders + " parameter placeholder" + (placeholders == 1 ? "" : "s")
                    + " (?) but the request carries " + parameters.size() + " parameter" + (parameters.size() == 1 ? "" : "s") + "; send exactly one value per ?");
        }
        SqlBinder binder = new SqlBinder(tables, options, policy);
        List<String> columnNames = binder.bind(statement);
        checkpoint.run();
        String duckDbSql = new DuckDbSqlWriter(now, options.timeZone(), tables, ColumnTypes.of(tables, binder.engineTables())).write(statement);
        if (options.outerLimit().isPresent()) {
            // Druid's sqlOuterLimit: a LIMIT around the whole statement
            duckDbSql = "SELECT * FROM (" + duckDbSql + ") LIMIT " + options.outerLimit().getAsLong();
        }
        checkpoint.run();
        // every datasource the statement reads, wherever it appears (views and APPEND included), for the caller's access check
        Set<String> read = binder.engineTables().stream().filter(tables::isDatasource).collect(Collectors.toCollection(LinkedHashSet::new));
        return new PlannedQuery(duckDbSql, columnNames, parameters, read);
    }
}
