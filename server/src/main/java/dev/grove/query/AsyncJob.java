package dev.grove.query;

import dev.grove.engine.ResultColumn;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One asynchronous query and what happened to it so far; its state only moves forward, and once
 * terminal it stays so. The runner, cancel, delete and the cleaner all change it under its own lock.
 *
 * <p>Thread-safe.
 */
final class AsyncJob
{
    final String queryId;
    final Optional<String> requestId;
    /** Who submitted it (the authenticated principal's name); only they see it. */
    final String owner;
    final String sql;
    private final Instant createdAt;
    private AsyncQueryState state = AsyncQueryState.QUEUED;
    private Instant startedAt;
    private Instant finishedAt;
    private GroveException error;
    private List<ResultColumn> columns = List.of();
    private long rowCount;
    private long resultBytes;
    private List<Long> rowIndex = List.of();
    private Instant resultsExpiredAt;
    private boolean cancelRequested;
    private boolean deleted;
    /** Bytes of this query's stored rows counted against grove.query.asyncMaxStoredBytes, until released. */
    private long accountedBytes;

    AsyncJob(String queryId, Optional<String> requestId, String owner, String sql, Instant createdAt)
    {
        this.queryId = requireNonNull(queryId, "queryId is null");
        this.requestId = requireNonNull(requestId, "requestId is null");
        this.owner = requireNonNull(owner, "owner is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
    }

    synchronized AsyncQueryStatus status()
    {
        return new AsyncQueryStatus(queryId, requestId, state, createdAt, Optional.ofNullable(startedAt), Optional.ofNullable(finishedAt), Optional.ofNullable(error),
                columns, rowCount, resultBytes, pages(), Optional.ofNullable(resultsExpiredAt));
    }

    synchronized List<Long> rowIndex()
    {
        return rowIndex;
    }

    /** Called once the query holds a slot; a query cancelled while it waited stops here. */
    synchronized void markRunning(Instant now)
    {
        if (cancelRequested || state.isTerminal()) {
            throw new GroveException(GroveErrorCode.QUERY_CANCELED, "Query [" + queryId + "] was cancelled");
        }
        state = AsyncQueryState.RUNNING;
        startedAt = now;
    }

    /** Asks for a cancel; true when the query had not started, so it can be finished as CANCELED at once. */
    synchronized boolean requestCancel()
    {
        if (state.isTerminal()) {
            return false;
        }
        cancelRequested = true;
        return state == AsyncQueryState.QUEUED;
    }

    synchronized boolean cancelRequested()
    {
        return cancelRequested;
    }

    synchronized void markDeleted()
    {
        deleted = true;
    }

    synchronized boolean isDeleted()
    {
        return deleted;
    }

    synchronized void succeed(List<ResultColumn> columns, long rowCount, AsyncResultStore.WrittenRows written)
    {
        this.columns = List.copyOf(columns);
        this.rowCount = rowCount;
        this.resultBytes = written.bytes();
        this.rowIndex = List.copyOf(written.rowIndex());
        this.accountedBytes = written.bytes();
    }

    /** Moves to a terminal state; false when it already was in one. */
    synchronized boolean finish(AsyncQueryState state, Optional<GroveException> error, Instant now)
    {
        if (this.state.isTerminal()) {
            return false;
        }
        this.state = state;
        this.error = error.orElse(null);
        this.finishedAt = now;
        return true;
    }

    synchronized void expire(Instant now)
    {
        resultsExpiredAt = now;
    }

    /** A finished result found missing or damaged after a restart: reported as a failure, never served. */
    synchronized void damaged(GroveException reason)
    {
        state = AsyncQueryState.FAILED;
        error = reason;
        rowIndex = List.of();
        accountedBytes = 0;
    }

    synchronized long accountedBytes()
    {
        return accountedBytes;
    }

    /** The bytes still counted for this query, handed over once: later calls get 0. */
    synchronized long takeStoredBytes()
    {
        long bytes = accountedBytes;
        accountedBytes = 0;
        return bytes;
    }

    private List<AsyncQueryStatus.Page> pages()
    {
        if (state != AsyncQueryState.SUCCEEDED || resultsExpiredAt != null) {
            return List.of();
        }
        List<AsyncQueryStatus.Page> pages = new ArrayList<>();
        int blocksPerPage = AsyncQueries.PAGE_ROWS / AsyncResultStore.INDEX_ROWS;
        for (int page = 0; page == 0 || (long) page * AsyncQueries.PAGE_ROWS < rowCount; page++) {
            long firstRow = (long) page * AsyncQueries.PAGE_ROWS;
            long rows = Math.min(AsyncQueries.PAGE_ROWS, rowCount - firstRow);
            int startBlock = page * blocksPerPage;
            int endBlock = startBlock + blocksPerPage;
            long start = startBlock < rowIndex.size() ? rowIndex.get(startBlock) : resultBytes;
            long end = endBlock < rowIndex.size() ? rowIndex.get(endBlock) : resultBytes;
            pages.add(new AsyncQueryStatus.Page(page, rows, end - start));
        }
        return pages;
    }

    synchronized AsyncResultStore.StoredQuery record()
    {
        return new AsyncResultStore.StoredQuery(queryId, requestId.orElse(null), owner, sql, state.name(), createdAt.toString(), text(startedAt), text(finishedAt),
                error == null ? null : error.code().name(), error == null ? null : error.getMessage(), AsyncQueries.storedColumns(columns), rowCount, resultBytes,
                rowIndex, text(resultsExpiredAt));
    }

    static AsyncJob fromRecord(AsyncResultStore.StoredQuery stored)
    {
        AsyncJob job = new AsyncJob(stored.queryId(), Optional.ofNullable(stored.requestId()), requireNonNull(stored.owner(), "owner is null"), stored.sql(),
                Instant.parse(stored.createdAt()));
        job.state = AsyncQueryState.valueOf(stored.state());
        job.startedAt = instant(stored.startedAt());
        job.finishedAt = instant(stored.finishedAt());
        if (stored.errorCode() != null) {
            job.error = new GroveException(GroveErrorCode.valueOf(stored.errorCode()), String.valueOf(stored.errorMessage()));
        }
        List<ResultColumn> columns = new ArrayList<>();
        if (stored.columns() != null) {
            stored.columns().forEach(column -> columns.add(new ResultColumn(column.name(), column.sqlType(), ResultColumn.DruidType.valueOf(column.druidType()))));
        }
        job.columns = List.copyOf(columns);
        job.rowCount = stored.rowCount();
        job.resultBytes = stored.resultBytes();
        job.rowIndex = stored.rowIndex() == null ? List.of() : List.copyOf(stored.rowIndex());
        job.resultsExpiredAt = instant(stored.resultsExpiredAt());
        if (job.state == AsyncQueryState.SUCCEEDED && job.resultsExpiredAt == null) {
            job.accountedBytes = job.resultBytes;
        }
        return job;
    }

    private static String text(Instant instant)
    {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text)
    {
        return text == null ? null : Instant.parse(text);
    }
}
