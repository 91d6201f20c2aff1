package dev.grove.query;

import dev.grove.engine.DuckDbEngine;
import dev.grove.engine.QueryResult;
import dev.grove.sql.PlannedQuery;
import dev.grove.sql.SqlPlanner;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Runs Druid SQL: plan against the datasources, execute on the engine, return the whole result.
 * Every protocol (HTTP, gRPC, Holocron) calls this one entry point.
 *
 * <p>Thread-safe.
 */
public final class SqlQueryService
{
    private final SqlPlanner planner;
    private final DuckDbEngine engine;
    private final InstantSource clock;
    private final long defaultTimeoutMillis;
    private final int maxResultRows;

    public SqlQueryService(SqlPlanner planner, DuckDbEngine engine, InstantSource clock, long defaultTimeoutMillis, int maxResultRows)
    {
        this.planner = requireNonNull(planner, "planner is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.maxResultRows = maxResultRows;
    }

    /** Parses the context first, so its errors come before any SQL error, as in Druid. */
    public ExecutedQuery execute(String sql, Map<String, ?> context, List<Object> parameters)
    {
        QueryContext queryContext = QueryContext.from(context);
        PlannedQuery plan = planner.plan(sql, parameters, queryContext.currentTimestamp().orElseGet(clock::instant));
        long timeout = queryContext.timeoutMillis().orElse(defaultTimeoutMillis);
        QueryResult result = engine.execute(plan.duckDbSql(), plan.parameters(), plan.columnNames(), timeout, maxResultRows);
        return new ExecutedQuery(queryContext.queryId(), result);
    }
}
