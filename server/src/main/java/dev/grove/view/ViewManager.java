package dev.grove.view;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.metadata.ViewStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Views of schema {@code view} ({@code SELECT ... FROM view.name}): a name and the Druid SQL query it
 * stands for, kept in the metadata store. A view is checked like any query when it is defined (the
 * describer plans it and reads its result columns), and its SQL goes through the same binder as the query using it, so a
 * view reaches only what a query could.
 *
 * <p>Thread-safe: changes are serialized; readers see an immutable snapshot.
 */
public final class ViewManager
{
    private static final Logger log = LoggerFactory.getLogger(ViewManager.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,254}");

    private final ViewStore store;
    private final InstantSource clock;
    private volatile Function<String, Map<String, String>> describer = sql -> Map.of();
    private volatile Map<String, String> views = Map.of();
    private volatile Map<String, Map<String, String>> columns = Map.of();

    public ViewManager(ViewStore store, InstantSource clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Loads the stored views. {@code describer} plans a view's SQL and answers its result columns (name →
     * SQL type), throwing when it is not a valid query; a stored view that no longer plans (a datasource it
     * read was dropped) keeps working as far as it can and lists no columns.
     */
    public synchronized void start(Function<String, Map<String, String>> describer)
    {
        this.describer = requireNonNull(describer, "describer is null");
        this.views = Collections.unmodifiableMap(new TreeMap<>(store.list()));
        Map<String, Map<String, String>> described = new TreeMap<>();
        views.forEach((name, sql) -> {
            try {
                described.put(name, describer.apply(sql));
            }
            catch (RuntimeException e) {
                log.warn("View [{}] does not plan any more: {}", name, e.getMessage());
                described.put(name, Map.of());
            }
        });
        this.columns = Collections.unmodifiableMap(described);
    }

    /** Each view's result columns, name → SQL type, as they were when the view was defined or the node started. */
    public Map<String, Map<String, String>> columns()
    {
        return columns;
    }

    public Map<String, String> all()
    {
        return views;
    }

    public Optional<String> sql(String name)
    {
        return Optional.ofNullable(views.get(name));
    }

    public String get(String name)
    {
        return sql(name).orElseThrow(() -> new GroveException(GroveErrorCode.VIEW_NOT_FOUND, "View [" + name + "] not found"));
    }

    /** Defines or replaces a view; returns whether it is new. */
    public synchronized boolean put(String name, String sql)
    {
        if (!NAME.matcher(name).matches()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "View name '" + name + "' must start with a letter or '_' and hold only letters, digits, '_' and '-' (at most 255)");
        }
        if (sql == null || sql.isBlank()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "View [" + name + "] needs its query in 'sql'");
        }
        Map<String, String> described = describer.apply(sql);
        boolean created = store.upsert(name, sql, clock.millis());
        Map<String, String> next = new TreeMap<>(views);
        next.put(name, sql);
        Map<String, Map<String, String>> nextColumns = new TreeMap<>(columns);
        nextColumns.put(name, Collections.unmodifiableMap(new java.util.LinkedHashMap<>(described)));
        views = Collections.unmodifiableMap(next);
        columns = Collections.unmodifiableMap(nextColumns);
        return created;
    }

    public synchronized void delete(String name)
    {
        get(name);
        store.delete(name);
        Map<String, String> next = new TreeMap<>(views);
        next.remove(name);
        Map<String, Map<String, String>> nextColumns = new TreeMap<>(columns);
        nextColumns.remove(name);
        views = Collections.unmodifiableMap(next);
        columns = Collections.unmodifiableMap(nextColumns);
    }
}
