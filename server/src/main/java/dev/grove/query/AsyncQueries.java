package dev.grove.query;

import dev.grove.engine.ResultColumn;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.error.InternalErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Asynchronous queries, behind both {@code /v1/queries} (the compute-agent lifecycle API) and Druid's
 * {@code /druid/v2/sql/statements}: submit returns at once with an id; the query waits ({@code QUEUED}),
 * runs through {@link SqlQueryService} like any other query (same lanes, slots and timeout), and ends
 * {@code SUCCEEDED}, {@code FAILED} or {@code CANCELED}. A submission with a request id already seen
 * returns the same query (idempotent). Results are stored on disk ({@link AsyncResultStore}) within
 * {@code grove.query.asyncMaxStoredBytes}, read back by page, and kept for {@code grove.query.resultTtlMs}
 * after the query finished; then a cleaner, every {@code grove.query.cleanupIntervalMs}, deletes them
 * and keeps a small record saying they expired for one more TTL (at least an hour), after which the id is unknown.
 *
 * <p>Across a restart nothing is silently lost: a finished query is served from disk, or reported
 * expired; a query that was queued or running is reported FAILED, saying the node restarted.
 *
 * <p>Thread-safe.
 */
public final class AsyncQueries
        implements AutoCloseable
{
    /** Rows in one page of Druid's statements API. */
    public static final int PAGE_ROWS = 10 * AsyncResultStore.INDEX_ROWS;
    private static final Logger log = LoggerFactory.getLogger(AsyncQueries.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final int MAX_REQUEST_ID_LENGTH = 256;
    private static final long CAPACITY_RETRY_MILLIS = 100;
    private static final long MIN_EXPIRED_RECORD_MILLIS = TimeUnit.HOURS.toMillis(1);
    private static final int MAX_EXPIRED_RECORDS_PER_JOB = 10;

    private final SqlQueryService queries;
    private final AsyncResultStore store;
    private final InstantSource clock;
    private final long ttlMillis;
    private final int maxJobs;
    private final long maxStoredBytes;
    private final ExecutorService runners;
    private final ScheduledExecutorService cleaner;
    private final Map<String, AsyncJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> byRequestId = new ConcurrentHashMap<>();
    private final AtomicLong cleaned = new AtomicLong();
    private final AtomicLong storedBytes = new AtomicLong();

    public AsyncQueries(SqlQueryService queries, Path directory, InstantSource clock, long ttlMillis, long cleanupIntervalMillis, int maxJobs, long maxStoredBytes,
            int threads)
    {
        this.queries = requireNonNull(queries, "queries is null");
        this.store = new AsyncResultStore(directory);
        this.clock = requireNonNull(clock, "clock is null");
        this.ttlMillis = ttlMillis;
        this.maxJobs = maxJobs;
        this.maxStoredBytes = maxStoredBytes;
        recover();
        AtomicInteger number = new AtomicInteger();
        this.runners = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "grove-async-query-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.cleaner = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "grove-async-query-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        cleaner.scheduleWithFixedDelay(this::cleanQuietly, cleanupIntervalMillis, cleanupIntervalMillis, TimeUnit.MILLISECONDS);
    }

    /** A submission's answer: the query, and whether this call created it (false: the request id was seen before). */
    public record Submitted(AsyncQueryStatus status, boolean created) {}

    /** The numbers of {@code GET /health}. */
    public record Health(int activeQueries, int queuedJobs, int runningJobs, int completedJobs, int storedJobs, long cleanedJobs, long queryResultTtlSeconds) {}

    /**
     * Submits a query that runs with {@code access} (what its caller may read) and belongs to {@code owner}:
     * only the same owner sees, reads, cancels or deletes it (to anyone else it does not exist), and request
     * ids are per owner.
     */
    public Submitted submit(String sql, Map<String, ?> context, List<Object> parameters, Optional<String> requestId, TableAccess access, String owner)
    {
        requireNonNull(sql, "sql is null");
        requireNonNull(access, "access is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(requestId, "requestId is null");
        if (sql.isBlank()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Missing 'query': send {\"query\": \"SELECT ...\"}");
        }
        requestId.ifPresent(AsyncQueries::checkRequestId);
        // context errors belong to the submission (400), not to a query that fails later
        QueryContext checked = QueryContext.from(context);
        AsyncJob job;
        synchronized (this) {
            if (requestId.isPresent()) {
                AsyncJob existing = Optional.ofNullable(byRequestId.get(requestKey(owner, requestId.get()))).map(jobs::get).orElse(null);
                if (existing != null) {
                    if (!existing.sql.equals(sql)) {
                        throw new GroveException(GroveErrorCode.QUERY_REQUEST_ID_CONFLICT, "Request id '" + requestId.get() + "' was already used for query "
                                + existing.queryId + " with different SQL; use a new request id for a new query");
                    }
                    return new Submitted(existing.status(), false);
                }
            }
            long live = jobs.values().stream().filter(candidate -> candidate.status().resultsExpiredAt().isEmpty()).count();
            if (live >= maxJobs) {
                throw new GroveException(GroveErrorCode.QUERY_CAPACITY_EXCEEDED, "Too many asynchronous queries kept: " + live
                        + " (grove.query.asyncMaxJobs); delete finished ones or wait for them to expire");
            }
            job = new AsyncJob("query-" + UUID.randomUUID(), requestId, owner, sql, clock.instant());
            store.writeRecord(job.record());
            jobs.put(job.queryId, job);
            requestId.ifPresent(id -> byRequestId.put(requestKey(owner, id), job.queryId));
        }
        Map<String, Object> runContext = new HashMap<>(context);
        // the query's id is its sqlQueryId, so DELETE /druid/v2/sql/{id} reaches it too
        runContext.put("sqlQueryId", job.queryId);
        long waitMillis = checked.timeoutMillis().orElse(queries.defaultTimeoutMillis());
        try {
            runners.execute(() -> run(job, runContext, Collections.unmodifiableList(new ArrayList<>(parameters)), waitMillis, access));
        }
        catch (RejectedExecutionException e) {
            finish(job, AsyncQueryState.FAILED, Optional.of(new GroveException(GroveErrorCode.NODE_DRAINING, "The node is shutting down; submit the query again")));
        }
        return new Submitted(job.status(), true);
    }

    public AsyncQueryStatus status(String queryId, String caller)
    {
        return job(queryId, caller).status();
    }

    /**
     * Rows {@code [start, start + count)} of a finished query's result. A query not finished yet, failed,
     * cancelled or expired has none, and says which.
     */
    public List<Object[]> rows(String queryId, String caller, long start, int count)
    {
        AsyncJob job = job(queryId, caller);
        AsyncQueryStatus status = job.status();
        checkHasResults(status);
        if (start < 0 || start > status.rowCount()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Row " + start + " is outside the result of query " + queryId + ", which has "
                    + status.rowCount() + " rows");
        }
        try {
            return store.readRows(queryId, status.columns(), job.rowIndex(), start, (int) Math.min(count, status.rowCount() - start));
        }
        catch (GroveException e) {
            // the cleaner or a delete may have removed the rows meanwhile: say so rather than report a storage failure
            checkHasResults(job(queryId, caller).status());
            throw e;
        }
    }

    /** Fails unless the query finished with results still kept. */
    public static void checkHasResults(AsyncQueryStatus status)
    {
        String id = status.queryId();
        if (status.resultsExpiredAt().isPresent()) {
            throw new GroveException(GroveErrorCode.QUERY_RESULT_EXPIRED, "The results of query " + id + " expired at " + status.resultsExpiredAt().get()
                    + " (kept for grove.query.resultTtlMs after the query finished); submit the query again");
        }
        switch (status.state()) {
            case QUEUED, RUNNING -> throw new GroveException(GroveErrorCode.QUERY_NOT_FINISHED, "Query " + id + " is " + status.state()
                    + "; its results can be read once its state is SUCCEEDED");
            case FAILED, CANCELED -> throw new GroveException(GroveErrorCode.QUERY_NOT_FOUND, "Query " + id + " has no results: it " + status.state()
                    + status.error().map(error -> ": " + error.getMessage()).orElse(""));
            case SUCCEEDED -> {}
        }
    }

    /** Cancels a queued or running query; a finished one is left as it is. Returns the query as it is now. */
    public AsyncQueryStatus cancel(String queryId, String caller)
    {
        AsyncJob job = job(queryId, caller);
        cancel(job);
        return job.status();
    }

    /** Forgets a query: cancels it if it runs, and deletes its record and results. */
    public void delete(String queryId, String caller)
    {
        AsyncJob job = job(queryId, caller);
        synchronized (this) {
            jobs.remove(queryId);
            job.requestId.ifPresent(id -> byRequestId.remove(requestKey(job.owner, id), queryId));
        }
        job.markDeleted();
        cancel(job);
        releaseBytes(job);
        store.deleteAll(queryId);
    }

    /**
     * Deletes the results of queries finished more than a TTL ago, keeping a record that they expired;
     * records are forgotten after {@link #expiredRecordMillis()}, oldest first past {@link #MAX_EXPIRED_RECORDS_PER_JOB} × the job limit.
     */
    public int cleanExpired()
    {
        Instant now = clock.instant();
        int count = 0;
        List<AsyncJob> expired = new ArrayList<>();
        for (AsyncJob job : List.copyOf(jobs.values())) {
            AsyncQueryStatus status = job.status();
            if (status.resultsExpiredAt().isPresent()) {
                if (!status.resultsExpiredAt().get().plusMillis(expiredRecordMillis()).isAfter(now)) {
                    forget(job);
                }
                else {
                    expired.add(job);
                }
                continue;
            }
            if (status.finishedAt().isPresent() && !status.finishedAt().get().plusMillis(ttlMillis).isAfter(now)) {
                store.deleteRows(job.queryId);
                releaseBytes(job);
                job.expire(now);
                store.writeRecord(job.record());
                cleaned.incrementAndGet();
                count++;
            }
        }
        long excess = expired.size() - (long) MAX_EXPIRED_RECORDS_PER_JOB * maxJobs;
        if (excess > 0) {
            expired.stream()
                    .sorted(java.util.Comparator.comparing(job -> job.status().resultsExpiredAt().orElseThrow()))
                    .limit(excess)
                    .forEach(this::forget);
        }
        return count;
    }

    /** How long the record of an expired query stays, so that asking for it says "expired" rather than "unknown". */
    private long expiredRecordMillis()
    {
        return Math.max(ttlMillis, MIN_EXPIRED_RECORD_MILLIS);
    }

    private void forget(AsyncJob job)
    {
        jobs.remove(job.queryId);
        job.requestId.ifPresent(id -> byRequestId.remove(requestKey(job.owner, id), job.queryId));
        store.deleteAll(job.queryId);
    }

    public Health health()
    {
        int queued = 0;
        int running = 0;
        int completed = 0;
        int stored = 0;
        for (AsyncJob job : jobs.values()) {
            AsyncQueryStatus status = job.status();
            if (status.resultsExpiredAt().isPresent()) {
                continue;
            }
            stored++;
            switch (status.state()) {
                case QUEUED -> queued++;
                case RUNNING -> running++;
                default -> completed++;
            }
        }
        // a query waiting for a slot is registered already; it is not running yet
        int active = Math.max(0, queries.running().count() - queries.waitingCount());
        return new Health(active, queued, running, completed, stored, cleaned.get(), TimeUnit.MILLISECONDS.toSeconds(ttlMillis));
    }

    /** Stops running queries' runners and the cleaner; what is stored stays for the next start. */
    @Override
    public void close()
    {
        cleaner.shutdownNow();
        runners.shutdownNow();
    }

    private static String requestKey(String owner, String requestId)
    {
        return owner + "\n" + requestId;
    }

    /** The query, if {@code caller} owns it; another caller's query is reported as not existing. */
    private AsyncJob job(String queryId, String caller)
    {
        AsyncJob job = queryId == null || !ID.matcher(queryId).matches() ? null : jobs.get(queryId);
        if (job == null || !job.owner.equals(caller)) {
            throw new GroveException(GroveErrorCode.QUERY_NOT_FOUND, "No asynchronous query has id [" + queryId + "]; it never existed, was deleted, "
                    + "or expired more than grove.query.resultTtlMs ago");
        }
        return job;
    }

    private void run(AsyncJob job, Map<String, Object> context, List<Object> parameters, long waitMillis, TableAccess access)
    {
        if (job.status().state() != AsyncQueryState.QUEUED) {
            return;
        }
        try {
            ExecutedQuery executed = execute(job, context, parameters, waitMillis, access);
            if (job.cancelRequested()) {
                throw new GroveException(GroveErrorCode.QUERY_CANCELED, "Query [" + job.queryId + "] was cancelled");
            }
            AsyncResultStore.WrittenRows written = store.writeRows(job.queryId, executed.result(), Math.max(0, maxStoredBytes - storedBytes.get()));
            storedBytes.addAndGet(written.bytes());
            job.succeed(executed.result().columns(), executed.result().rows().size(), written);
            finish(job, AsyncQueryState.SUCCEEDED, Optional.empty());
        }
        catch (GroveException e) {
            boolean cancelled = e.code() == GroveErrorCode.QUERY_CANCELED || job.cancelRequested();
            finish(job, cancelled ? AsyncQueryState.CANCELED : AsyncQueryState.FAILED, Optional.of(e));
        }
        catch (RuntimeException | Error e) {
            finish(job, AsyncQueryState.FAILED, Optional.of(InternalErrors.internal(GroveErrorCode.INTERNAL_ERROR, "running asynchronous query " + job.queryId, e)));
        }
    }

    /** Runs the query; while every slot and waiting place is taken it waits for one (within the query's timeout) instead of failing. */
    private ExecutedQuery execute(AsyncJob job, Map<String, Object> context, List<Object> parameters, long waitMillis, TableAccess access)
            throws GroveException
    {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            try {
                return queries.execute(job.sql, context, parameters, access, () -> job.markRunning(clock.instant()));
            }
            catch (GroveException e) {
                boolean retry = e.code() == GroveErrorCode.QUERY_CAPACITY_EXCEEDED && job.status().state() == AsyncQueryState.QUEUED
                        && !job.cancelRequested() && System.nanoTime() < deadline;
                if (!retry) {
                    throw e;
                }
            }
            try {
                Thread.sleep(CAPACITY_RETRY_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GroveException(GroveErrorCode.NODE_DRAINING, "The node is shutting down; submit the query again");
            }
        }
    }

    private void finish(AsyncJob job, AsyncQueryState state, Optional<GroveException> error)
    {
        if (!job.finish(state, error, clock.instant())) {
            return;
        }
        if (job.isDeleted()) {
            releaseBytes(job);
            store.deleteAll(job.queryId);
            return;
        }
        try {
            store.writeRecord(job.record());
        }
        catch (GroveException e) {
            log.warn("{}", e.getMessage());
        }
    }

    private void cancel(AsyncJob job)
    {
        GroveException reason = new GroveException(GroveErrorCode.QUERY_CANCELED, "Query [" + job.queryId + "] was cancelled");
        if (job.requestCancel()) {
            // not started: finished at once; if it waits for a slot, the cancel below ends the wait
            finish(job, AsyncQueryState.CANCELED, Optional.of(reason));
        }
        // the job's owner was checked already; the statements are the owner's own
        queries.running().cancel(job.queryId, reason, TableAccess.ALL);
    }

    private void releaseBytes(AsyncJob job)
    {
        long bytes = job.takeStoredBytes();
        if (bytes > 0) {
            storedBytes.addAndGet(-bytes);
        }
    }

    /** Loads what an earlier run stored; queries it left unfinished are reported FAILED, damaged results likewise. */
    private void recover()
    {
        int restored = 0;
        for (AsyncResultStore.StoredQuery stored : store.loadAll()) {
            AsyncJob job;
            try {
                job = AsyncJob.fromRecord(stored);
            }
            catch (RuntimeException e) {
                log.warn("Skipping unreadable asynchronous query record {}: {}", stored.queryId(), e.getMessage());
                continue;
            }
            AsyncQueryStatus status = job.status();
            if (!status.state().isTerminal()) {
                job.finish(AsyncQueryState.FAILED, Optional.of(new GroveException(GroveErrorCode.QUERY_EXECUTION_FAILED,
                        "The node restarted before query " + job.queryId + " finished; submit it again")), clock.instant());
                store.deleteRows(job.queryId);
                store.writeRecord(job.record());
            }
            else if (status.state() == AsyncQueryState.SUCCEEDED && status.resultsExpiredAt().isEmpty() && store.rowsFileSize(job.queryId) != status.resultBytes()) {
                job.damaged(new GroveException(GroveErrorCode.STORAGE_FAILURE, "The stored result of query " + job.queryId
                        + " is missing or damaged on disk; submit the query again"));
                store.deleteRows(job.queryId);
                store.writeRecord(job.record());
            }
            storedBytes.addAndGet(job.accountedBytes());
            jobs.put(job.queryId, job);
            job.requestId.ifPresent(id -> byRequestId.put(requestKey(job.owner, id), job.queryId));
            restored++;
        }
        if (restored > 0) {
            log.info("Restored {} asynchronous queries from disk", restored);
        }
        cleanExpired();
    }

    private void cleanQuietly()
    {
        try {
            int count = cleanExpired();
            if (count > 0) {
                log.debug("Cleaned the results of {} expired asynchronous queries", count);
            }
        }
        catch (RuntimeException e) {
            log.warn("Cleaning expired asynchronous queries failed; trying again at the next interval", e);
        }
    }

    private static void checkRequestId(String requestId)
    {
        if (requestId.isBlank() || requestId.length() > MAX_REQUEST_ID_LENGTH || requestId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "'request_id' must be 1 to " + MAX_REQUEST_ID_LENGTH + " characters without control characters");
        }
    }

    static List<AsyncResultStore.StoredColumn> storedColumns(List<ResultColumn> columns)
    {
        List<AsyncResultStore.StoredColumn> stored = new ArrayList<>();
        columns.forEach(column -> stored.add(new AsyncResultStore.StoredColumn(column.name(), column.sqlType(), column.druidType().name())));
        return stored;
    }
}
