package dev.grove.engine;

import dev.grove.error.GroveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Stops one running query from another thread: its timeout, a user's cancel, or a node shutdown.
 * The first reason given wins and is what the query fails with; the engine statement, once the query
 * has one, is interrupted.
 *
 * <p>Thread-safe.
 */
public final class QueryCancellation
{
    private static final Logger log = LoggerFactory.getLogger(QueryCancellation.class);

    private final long timeoutMillis;
    private GroveException reason;
    private Statement statement;

    /** @param timeoutMillis the query's whole timeout, named when it times out */
    public QueryCancellation(long timeoutMillis)
    {
        this.timeoutMillis = timeoutMillis;
    }

    /** The query's whole timeout, as the user set it (or the node's default). */
    public long timeoutMillis()
    {
        return timeoutMillis;
    }

    /** Cancels the query with {@code reason}; false when it was already cancelled. */
    public boolean cancel(GroveException reason)
    {
        Statement toCancel;
        synchronized (this) {
            if (this.reason != null) {
                return false;
            }
            this.reason = reason;
            toCancel = statement;
        }
        if (toCancel != null) {
            interrupt(toCancel);
        }
        return true;
    }

    public synchronized boolean isCancelled()
    {
        return reason != null;
    }

    /** Fails with the cancellation's reason if the query was cancelled. */
    public void throwIfCancelled()
    {
        GroveException cancelled;
        synchronized (this) {
            cancelled = reason;
        }
        if (cancelled != null) {
            throw cancelled;
        }
    }

    /** The engine statement a later {@link #cancel} interrupts; interrupted at once if cancelled already. */
    void attach(Statement statement)
    {
        boolean cancelled;
        synchronized (this) {
            this.statement = statement;
            cancelled = reason != null;
        }
        if (cancelled) {
            interrupt(statement);
        }
    }

    private static void interrupt(Statement statement)
    {
        try {
            statement.cancel();
        }
        catch (SQLException e) {
            log.debug("Cancelling a query's statement failed", e);
        }
    }
}
