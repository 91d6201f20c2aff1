package dev.grove.query;

import dev.grove.engine.QueryResult;

import static java.util.Objects.requireNonNull;

/**
 * A finished query: its id and its result.
 */
public record ExecutedQuery(String queryId, QueryResult result)
{
    public ExecutedQuery
    {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(result, "result is null");
    }
}
