package dev.grove.query;

import dev.grove.engine.ResultColumn;
import dev.grove.error.GroveException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What an asynchronous query looks like at one moment: its state, times, error, result columns and size,
 * and its result pages. {@code resultsExpiredAt} is set once its results were cleaned after the TTL.
 *
 * @param pages the result in pages of {@link AsyncQueries#PAGE_ROWS} rows (Druid's statement pages)
 */
public record AsyncQueryStatus(
        String queryId,
        Optional<String> requestId,
        AsyncQueryState state,
        Instant createdAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Optional<GroveException> error,
        List<ResultColumn> columns,
        long rowCount,
        long resultBytes,
        List<Page> pages,
        Optional<Instant> resultsExpiredAt)
{
    public AsyncQueryStatus
    {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(state, "state is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(error, "error is null");
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        pages = List.copyOf(requireNonNull(pages, "pages is null"));
        requireNonNull(resultsExpiredAt, "resultsExpiredAt is null");
    }

    /** One page of a finished result: its number, rows and bytes as stored. */
    public record Page(int id, long numRows, long sizeInBytes) {}
}
