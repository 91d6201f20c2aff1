package dev.grove.admin;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceRegistry;
import dev.grove.datasource.DatasourceSchema;
import dev.grove.engine.DuckDbEngine;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.ingest.LogAppender;
import dev.grove.metadata.DatasourceStore;

import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * Creates, lists, describes and drops datasources, keeping the metadata store, the engine's tables,
 * the logs and the registry in step. The metadata store is the source of truth: a datasource exists
 * once its row is committed, and a restart rebuilds everything else from it.
 *
 * <p>Thread-safe: create and drop are serialized on this object; reads go to the registry.
 */
public final class DatasourceManager
{
    private static final long CONTROL_TIMEOUT_SECONDS = 60;
    public static final int UNSPECIFIED_PARTITIONS = 0;

    private final DatasourceStore store;
    private final DatasourceRegistry registry;
    private final DuckDbEngine engine;
    private final LogAppender appender;
    private final InstantSource clock;

    public DatasourceManager(DatasourceStore store, DatasourceRegistry registry, DuckDbEngine engine, LogAppender appender, InstantSource clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.appender = requireNonNull(appender, "appender is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What a create did: made {@code datasource}, or found it already there (only with ifNotExists). */
    public record CreateOutcome(Datasource datasource, boolean alreadyExisted)
    {
        public CreateOutcome
        {
            requireNonNull(datasource, "datasource is null");
        }
    }

    /**
     * Creates the datasource. With {@code ifNotExists}, an existing datasource of the same schema is
     * returned as it is; a different schema is still a conflict.
     */
    public CreateOutcome create(String name, DatasourceSchema schema, boolean ifNotExists)
    {
        return create(name, schema, UNSPECIFIED_PARTITIONS, ifNotExists);
    }

    /**
     * Creates the datasource with a log of {@code partitions} partitions ({@link #UNSPECIFIED_PARTITIONS}:
     * 1 for a new datasource, and any count matches an existing one with {@code ifNotExists}).
     */
    public synchronized CreateOutcome create(String name, DatasourceSchema schema, int partitions, boolean ifNotExists)
    {
        Datasource.validateName(name);
        if (partitions != UNSPECIFIED_PARTITIONS) {
            try {
                Datasource.validatePartitions(partitions);
            }
            catch (IllegalArgumentException e) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, e.getMessage());
            }
        }
        Datasource existing = registry.get(name).orElse(null);
        if (existing != null) {
            if (ifNotExists && existing.schema().equals(schema) && (partitions == UNSPECIFIED_PARTITIONS || existing.partitions() == partitions)) {
                return new CreateOutcome(existing, true);
            }
            throw new GroveException(GroveErrorCode.DATASOURCE_ALREADY_EXISTS, "Datasource '" + name + "' already exists"
                    + (ifNotExists ? " with a different schema or partition count" : "") + "; drop it first or choose another name");
        }
        Datasource datasource = new Datasource(name, schema, clock.millis(), partitions == UNSPECIFIED_PARTITIONS ? 1 : partitions);
        store.insert(datasource);
        try {
            engine.createTable(datasource);
            await(appender.create(datasource), "create the log of '" + name + "'");
        }
        catch (RuntimeException e) {
            // undo, so a failed create leaves nothing behind that a restart would resurrect
            store.delete(name);
            engine.dropTable(name);
            throw e;
        }
        registry.put(datasource);
        return new CreateOutcome(datasource, false);
    }

    public List<Datasource> list()
    {
        return registry.list();
    }

    public Datasource get(String name)
    {
        return registry.getOrThrow(name);
    }

    public long rowCount(String name)
    {
        get(name);
        return engine.rowCount(name);
    }

    /** Records of the datasource's log that recovery set aside because they could not be applied. */
    public int quarantinedRecords(String name)
    {
        get(name);
        return appender.quarantinedRecords(name);
    }

    /** Drops the datasource: no new events are accepted, then its log and table are deleted. */
    public synchronized void drop(String name)
    {
        get(name);
        registry.remove(name);
        store.delete(name);
        await(appender.drop(name), "drop '" + name + "'");
    }

    private static void await(Future<?> future, String what)
    {
        try {
            future.get(CONTROL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GroveException(GroveErrorCode.INTERNAL_ERROR, "Interrupted while waiting to " + what);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof GroveException grove) {
                throw grove;
            }
            throw new GroveException(GroveErrorCode.INTERNAL_ERROR, "Failed to " + what + ": " + e.getCause(), e.getCause());
        }
        catch (TimeoutException e) {
            throw new GroveException(GroveErrorCode.INTERNAL_ERROR, "Timed out after " + CONTROL_TIMEOUT_SECONDS + " s waiting to " + what);
        }
    }
}
