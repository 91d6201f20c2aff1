package dev.grove.sql;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.SqlException;
import org.apache.calcite.sql.SqlNode;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
        return plan(sql, parameters, now, () -> {});
    }

    /**
     * @param now the query's "now" ({@code CURRENT_TIMESTAMP}), fixed once per query as Druid fixes it
     * @param checkpoint run between the stages; throws to stop planning (the query's deadline)
     */
    public PlannedQuery plan(String sql, List<Object> parameters, Instant now, Runnable checkpoint)
    {
        return plan(sql, parameters, now, checkpoint, TablePolicy.NONE);
    }

    /**
     * @param policy what the caller sees of each table: references to a restricted table are replaced by
     * the policy's query before translation, so no shape of statement reaches rows or columns it hides
     */
    public PlannedQuery plan(String sql, List<Object> parameters, Instant now, Runnable checkpoint, TablePolicy policy)
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
        // every table the statement reads, wherever it appears, so the caller's access can be checked
        Set<String> read = new LinkedHashSet<>();
        TableResolver recording = names -> {
            Optional<String> table = tables.resolve(names);
            table.ifPresent(read::add);
            return table;
        };
        List<String> columnNames = new SqlBinder(recording, policy).bind(statement);
        checkpoint.run();
        String duckDbSql = new DuckDbSqlWriter(now).write(statement);
        checkpoint.run();
        return new PlannedQuery(duckDbSql, columnNames, parameters, read);
    }
}
