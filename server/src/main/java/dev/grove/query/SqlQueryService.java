package dev.grove.query;

import dev.grove.engine.DuckDbEngine;
import dev.grove.engine.QueryCancellation;
import dev.grove.engine.QueryResult;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.error.InternalErrors;
import dev.grove.error.SqlException;
import dev.grove.sql.PlannedQuery;
import dev.grove.sql.SetStatements;
import dev.grove.sql.SqlPlanner;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Runs Druid SQL: plan against the datasources, execute on the engine, return the whole result.
 * Every protocol (HTTP, gRPC, Holocron) calls this one entry point, and every failure leaves it as a
 * {@link GroveException}: a stack overflow in a recursive parser or visitor is a 400 "too deeply
 * nested", and any other unexpected throwable (an AssertionError in Calcite, a bug in Grove) is an
 * internal error with an id that is logged with its stack trace.
 *
 * <p>The query's timeout runs from the moment it arrives: planning checks the deadline between its
 * stages, and the engine gets what is left, armed before it prepares the statement.
 *
 * <p>Thread-safe.
 */
public final class SqlQueryService
{
    private final SqlPlanner planner;
    private final DuckDbEngine engine;
    private final InstantSource clock;
    private final long defaultTimeoutMillis;
    private final DuckDbEngine.ResultLimits resultLimits;
    private final RunningQueries running;
    private final QueryAdmission admission;

    public SqlQueryService(SqlPlanner planner, DuckDbEngine engine, InstantSource clock, long defaultTimeoutMillis, DuckDbEngine.ResultLimits resultLimits,
            RunningQueries running, int maxConcurrent, int maxQueued)
    {
        this.planner = requireNonNull(planner, "planner is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.resultLimits = requireNonNull(resultLimits, "resultLimits is null");
        this.running = requireNonNull(running, "running is null");
        this.admission = new QueryAdmission(maxConcurrent, maxQueued);
    }

    /** Parses the context first, so its errors come before any SQL error, as in Druid. */
    public ExecutedQuery execute(String text, Map<String, ?> context, List<Object> parameters)
    {
        long started = System.nanoTime();
        QueryContext queryContext;
        String sql = text;
        try {
            // SET key = value; ... SELECT: the SETs are context for this query, over the request's own
            SetStatements.Split split = SetStatements.split(text);
            if (!split.context().isEmpty()) {
                Map<String, Object> merged = new HashMap<>(context);
                merged.putAll(split.context());
                context = merged;
                sql = split.query();
            }
            queryContext = QueryContext.from(context);
        }
        catch (GroveException e) {
            throw e;
        }
        catch (RuntimeException | Error e) {
            throw InternalErrors.internal(GroveErrorCode.INTERNAL_ERROR, "reading a query's context", e);
        }
        QueryCancellation cancellation = new QueryCancellation(queryContext.timeoutMillis().orElse(defaultTimeoutMillis));
        running.add(queryContext.queryId(), cancellation);
        try {
            admission.acquire(cancellation.timeoutMillis(), cancellation);
            try {
                return execute(sql, parameters, queryContext, started, cancellation);
            }
            finally {
                admission.release();
            }
        }
        finally {
            running.remove(queryContext.queryId(), cancellation);
        }
    }

    private ExecutedQuery execute(String sql, List<Object> parameters, QueryContext queryContext, long started, QueryCancellation cancellation)
    {
        try {
            long timeout = cancellation.timeoutMillis();
            Runnable checkpoint = () -> {
                cancellation.throwIfCancelled();
                remainingMillis(started, timeout);
            };
            PlannedQuery plan = planner.plan(sql, parameters, queryContext.currentTimestamp().orElseGet(clock::instant), queryContext.sqlOptions(),
                    checkpoint);
            QueryResult result = engine.execute(plan.duckDbSql(), plan.parameters(), plan.columnNames(), remainingMillis(started, timeout), resultLimits,
                    cancellation);
            return new ExecutedQuery(queryContext.queryId(), result);
        }
        catch (GroveException e) {
            throw e;
        }
        catch (StackOverflowError e) {
            throw new SqlException(GroveErrorCode.SQL_TOO_COMPLEX, "Query is too deeply nested to plan; flatten nested expressions or subqueries");
        }
        catch (OutOfMemoryError e) {
            throw new GroveException(GroveErrorCode.QUERY_MEMORY_EXCEEDED, "Query needs more memory than the node has free; "
                    + "filter or aggregate more, narrow the time range, or retry when fewer queries run");
        }
        catch (RuntimeException | Error e) {
            throw InternalErrors.internal(GroveErrorCode.INTERNAL_ERROR, "planning or running a query", e);
        }
    }

    /** The queries running now, to cancel by id or all at once. */
    public RunningQueries running()
    {
        return running;
    }

    private static long remainingMillis(long startedNanos, long timeoutMillis)
    {
        long elapsed = (System.nanoTime() - startedNanos) / 1_000_000;
        if (elapsed >= timeoutMillis) {
            throw new GroveException(GroveErrorCode.QUERY_TIMEOUT, "Query did not finish within its timeout of " + timeoutMillis
                    + " ms; simplify it, narrow the time range or raise the context 'timeout'");
        }
        return timeoutMillis - elapsed;
    }
}
