package dev.grove.protocol.pg;

import dev.grove.engine.QueryCancellation;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.gateway.Access;
import dev.grove.query.ExecutedQuery;
import dev.grove.query.SqlQueryService;
import dev.grove.query.TableAccess;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Runs one classified statement for a connection: session commands against its {@link PgSession},
 * catalog queries on the {@link PgCatalog}, and Druid SQL through {@link SqlQueryService}, exactly as
 * HTTP and gRPC call it (same admission, timeouts, cancellation and error classification). Each query
 * gets its own {@code sqlQueryId}, which a CancelRequest uses to cancel it.
 *
 * <p>Thread-safe apart from the session, which belongs to the calling connection's thread.
 */
final class PgExecutor
{
    private static final long CATALOG_TIMEOUT_MILLIS = 30_000;

    private final SqlQueryService queries;
    private final PgCatalog catalog;

    PgExecutor(SqlQueryService queries, PgCatalog catalog)
    {
        this.queries = requireNonNull(queries, "queries is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** Something a CancelRequest can stop: the connection's running query. */
    interface Running
    {
        boolean cancel(GroveException reason);
    }

    /**
     * @param parameters the bound values, in {@code $n} order
     * @param running told what to cancel while a query runs, and null when it ends
     * @param changed told the names of settings a SET changed that the client must hear of
     */
    PgResult execute(PgCommand command, List<Object> parameters, PgSession session, PgStartup startup, Access access, Consumer<Running> running,
            Consumer<String> changed)
    {
        if (command instanceof PgCommand.Set set) {
            Optional<String> reported = set.value() == null ? session.reset(set.name()) : session.set(set.name(), set.value());
            reported.ifPresent(changed);
            return PgResult.command("SET");
        }
        if (command instanceof PgCommand.Reset reset) {
            if (reset.name() == null) {
                session.resetAll();
                PgSession.REPORTED.forEach(name -> session.get(name).ifPresent(value -> changed.accept(name)));
            }
            else {
                session.reset(reset.name()).ifPresent(changed);
            }
            return PgResult.command(reset.tag());
        }
        if (command instanceof PgCommand.Show show) {
            return show(show, session);
        }
        if (command instanceof PgCommand.Transaction transaction) {
            return PgResult.command(transaction.tag());
        }
        if (command instanceof PgCommand.Deallocate deallocate) {
            return PgResult.command(deallocate.name() == null ? "DEALLOCATE ALL" : "DEALLOCATE");
        }
        if (command instanceof PgCommand.Catalog query) {
            return catalog(query.sql(), parameters, session, startup, access, running);
        }
        if (command instanceof PgCommand.Query query) {
            return druid(query.sql(), parameters, session, access, running);
        }
        return PgResult.command("");
    }

    /** The columns a statement will return, without running it where that can be avoided (Describe of a statement). */
    Optional<List<PgResult.Column>> describe(PgCommand command, int parameterCount, PgSession session, PgStartup startup, Access access)
    {
        List<Object> nulls = Collections.nCopies(parameterCount, null);
        if (command instanceof PgCommand.Show show) {
            return show(show, session).columns();
        }
        if (command instanceof PgCommand.Catalog query) {
            return catalog(query.sql(), nulls, session, startup, access, running -> {}).columns();
        }
        if (command instanceof PgCommand.Query query) {
            return druid("SELECT * FROM (" + query.sql() + ") AS described LIMIT 0", nulls, session, access, running -> {}).columns();
        }
        return Optional.empty();
    }

    private PgResult show(PgCommand.Show show, PgSession session)
    {
        if (show.name() == null) {
            List<Object[]> rows = new ArrayList<>();
            session.all().forEach((name, value) -> rows.add(new Object[] {name, value, ""}));
            return PgResult.rows(List.of(new PgResult.Column("name", PgType.TEXT), new PgResult.Column("setting", PgType.TEXT),
                    new PgResult.Column("description", PgType.TEXT)), rows).withTag("SHOW");
        }
        String value = session.get(show.name()).orElseThrow(() -> new PgProtocolException(SqlState.UNDEFINED_OBJECT,
                "unrecognized configuration parameter \"" + show.name() + "\""));
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {value});
        return PgResult.rows(List.of(new PgResult.Column(show.name().toLowerCase(java.util.Locale.ROOT), PgType.TEXT)), rows).withTag("SHOW");
    }

    private PgResult catalog(String sql, List<Object> parameters, PgSession session, PgStartup startup, Access access, Consumer<Running> running)
    {
        long timeout = session.statementTimeoutMillis().orElse(CATALOG_TIMEOUT_MILLIS);
        QueryCancellation cancellation = new QueryCancellation(timeout);
        running.accept(cancellation::cancel);
        try {
            Map<String, String> settings = new HashMap<>();
            session.all().forEach((name, value) -> settings.put(name.toLowerCase(java.util.Locale.ROOT), value));
            return counted(catalog.query(sql, parameters, startup.user(), startup.database(), settings, access::canRead, timeout, cancellation));
        }
        finally {
            running.accept(null);
        }
    }

    private PgResult druid(String sql, List<Object> parameters, PgSession session, Access access, Consumer<Running> running)
    {
        String queryId = "pg-" + UUID.randomUUID();
        Map<String, Object> context = new HashMap<>();
        context.put("sqlQueryId", queryId);
        session.statementTimeoutMillis().ifPresent(timeout -> context.put("timeout", timeout));
        GroveException reason = new GroveException(GroveErrorCode.QUERY_CANCELED, "canceling statement due to user request");
        running.accept(ignored -> queries.running().cancel(queryId, reason, TableAccess.ALL));
        try {
            ExecutedQuery executed = queries.execute(sql, context, parameters, access);
            return counted(PgResult.of(executed.result()));
        }
        finally {
            running.accept(null);
        }
    }

    private static PgResult counted(PgResult result)
    {
        return result.withTag("SELECT " + result.rows().size());
    }
}
