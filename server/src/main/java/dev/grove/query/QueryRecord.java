package dev.grove.query;

import dev.grove.error.GroveErrorCode;

import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One query as the audit keeps it: what was asked, what it read, how it ended.
 *
 * @param tables the datasources it read, empty if it failed before planning finished
 * @param restricted whether row filters or column masks applied to the caller
 * @param rows rows returned, 0 when it failed
 * @param error the error it failed with, empty when it succeeded
 */
public record QueryRecord(String queryId, String sql, Set<String> tables, boolean restricted, long rows, long durationMillis, Optional<GroveErrorCode> error)
{
    public QueryRecord
    {
        requireNonNull(queryId, "queryId is null");
        sql = sql == null ? "" : sql;
        tables = Set.copyOf(requireNonNull(tables, "tables is null"));
        requireNonNull(error, "error is null");
    }
}
