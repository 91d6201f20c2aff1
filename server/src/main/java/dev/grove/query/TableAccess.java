package dev.grove.query;

import dev.grove.sql.TablePolicy;

import java.util.Set;

/**
 * What the caller of a query may read. {@link SqlQueryService} asks it about every datasource a
 * planned query reads (through joins, subqueries and CTEs alike) before anything runs; the gateway
 * supplies it per caller.
 */
@FunctionalInterface
public interface TableAccess
{
    /** Everything: the caller when authentication is off, and Grove's own internal queries. */
    TableAccess ALL = datasources -> {};

    /** Throws a {@code PERMISSION_DENIED} error if any of {@code datasources} may not be read. */
    void checkCanRead(Set<String> datasources);

    /** Told of every query this caller ran, however it ended, for the audit; by default nothing is kept. */
    default void queryFinished(QueryRecord record)
    {
    }

    /** What the caller sees of each table (row filters, column masks); by default everything. */
    default TablePolicy policy()
    {
        return TablePolicy.NONE;
    }
}
