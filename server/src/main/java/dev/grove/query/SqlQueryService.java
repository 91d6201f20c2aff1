package dev.grove.query;

import dev.grove.engine.DuckDbEngine;
import dev.grove.engine.QueryCancellation;
import dev.grove.engine.QueryResult;
import dev.grove.error.ErrorCategory;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.error.InternalErrors;
import dev.grove.error.SqlException;
import dev.grove.sql.PlannedQuery;
import dev.grove.sql.SetStatements;
import dev.grove.sql.SqlPlanner;
import dev.grove.sql.SqlOptions;

import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    private final QueryScheduler scheduler;

    /** @param lanes reserved slots per named lane (Druid's query laning), beside the {@code maxConcurrent} shared ones */
    public SqlQueryService(SqlPlanner planner, DuckDbEngine engine, InstantSource clock, long defaultTimeoutMillis, DuckDbEngine.ResultLimits resultLimits,
            RunningQueries running, int maxConcurrent, int maxQueued, Map<String, Integer> lanes)
    {
        this.planner = requireNonNull(planner, "planner is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.resultLimits = requireNonNull(resultLimits, "resultLimits is null");
        this.running = requireNonNull(running, "running is null");
        this.scheduler = new QueryScheduler(maxConcurrent, maxQueued, lanes);
    }

    /**
     * Parses the context first, so its errors come before any SQL error, as in Druid (leading {@code SET k = v;}
     * statements are context too); then plans, checks that {@code access} may read every table the plan reads
     * (before anything runs), and executes.
     */
    public ExecutedQuery execute(String sql, Map<String, ?> context, List<Object> parameters, TableAccess access)
    {
        return execute(sql, context, parameters, access, () -> {});
    }

    /** As {@link #execute(String, Map, List, TableAccess)}, calling {@code onAdmitted} once the query holds a slot and starts to plan. */
    public ExecutedQuery execute(String text, Map<String, ?> context, List<Object> parameters, TableAccess access, Runnable onAdmitted)
    {
        requireNonNull(access, "access is null");
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
        // read by a canceller on another thread while planning fills it in
        Set<String> tables = ConcurrentHashMap.newKeySet();
        running.add(queryContext.queryId(), cancellation, tables);
        try {
            ExecutedQuery executed;
            try (QueryScheduler.Slot ignored = scheduler.acquire(queryContext.lane(), queryContext.priority(), cancellation.timeoutMillis(), cancellation)) {
                onAdmitted.run();
                executed = execute(sql, parameters, queryContext, started, cancellation, access, tables);
            }
            access.queryFinished(new QueryRecord(queryContext.queryId(), sql, tables, access.policy().restricts(), executed.result().rows().size(),
                    elapsedMillis(started), Optional.empty()));
            return executed;
        }
        catch (GroveException e) {
            access.queryFinished(new QueryRecord(queryContext.queryId(), sql, tables, access.policy().restricts(), 0, elapsedMillis(started),
                    Optional.of(e.code())));
            throw e;
        }
        finally {
            running.remove(queryContext.queryId(), cancellation);
        }
    }

    private ExecutedQuery execute(String sql, List<Object> parameters, QueryContext queryContext, long started, QueryCancellation cancellation,
            TableAccess access, Set<String> tables)
    {
        try {
            long timeout = cancellation.timeoutMillis();
            Runnable checkpoint = () -> {
                cancellation.throwIfCancelled();
                remainingMillis(started, timeout);
            };
            PlannedQuery plan = planner.plan(sql, parameters, queryContext.currentTimestamp().orElseGet(clock::instant), queryContext.sqlOptions(),
                    checkpoint, access.policy());
            tables.addAll(plan.tables());
            access.checkCanRead(plan.tables());
            QueryResult result;
            try {
                result = engine.execute(plan.duckDbSql(), plan.parameters(), plan.columnNames(), remainingMillis(started, timeout), resultLimits,
                        cancellation);
            }
            catch (GroveException e) {
                throw withoutQuotedValues(e, access);
            }
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

    /** The timeout of a query whose context sets none ({@code grove.query.timeoutMs}). */
    public long defaultTimeoutMillis()
    {
        return defaultTimeoutMillis;
    }

    /** Whether {@code lane} is the default lane or one of {@code grove.query.lanes}. */
    public boolean hasLane(String lane)
    {
        return scheduler.hasLane(lane);
    }

    /** Queries waiting for a slot now, over every lane. */
    public int waitingCount()
    {
        return scheduler.waitingCount();
    }

    /**
     * The engine may test a condition on rows a policy's filter removes before the filter itself, and
     * its errors quote the value they failed on ("Could not convert string 'x'"); for a caller with row
     * or column policies, such a message is replaced, so no error text carries a hidden value.
     */
    private static GroveException withoutQuotedValues(GroveException e, TableAccess access)
    {
        if (!access.policy().restricts() || e.code().category() != ErrorCategory.INVALID_INPUT || e.getMessage() == null || !e.getMessage().contains("'")) {
            return e;
        }
        return new GroveException(e.code(), "The query failed on a value it could not convert or compute with; the value is not shown because "
                + "row or column policies apply to you. Check the types and casts in the query");
    }

    /**
     * The DuckDB SQL that {@code sql} becomes for a caller with {@code access}, with its policies applied,
     * without running it: what an administrator checks a policy with.
     */
    public String translate(String sql, TableAccess access)
    {
        try {
            PlannedQuery plan = planner.plan(sql, List.of(), clock.instant(), SqlOptions.DEFAULT, () -> {}, access.policy());
            access.checkCanRead(plan.tables());
            return plan.duckDbSql();
        }
        catch (GroveException e) {
            throw e;
        }
        catch (StackOverflowError e) {
            throw new SqlException(GroveErrorCode.SQL_TOO_COMPLEX, "Query is too deeply nested to plan; flatten nested expressions or subqueries");
        }
        catch (RuntimeException | Error e) {
            throw InternalErrors.internal(GroveErrorCode.INTERNAL_ERROR, "translating a query", e);
        }
    }

    /** The queries running now, to cancel by id or all at once. */
    public RunningQueries running()
    {
        return running;
    }

    private static long elapsedMillis(long startedNanos)
    {
        return (System.nanoTime() - startedNanos) / 1_000_000;
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
