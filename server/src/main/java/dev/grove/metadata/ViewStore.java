package dev.grove.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * View definitions (name → SQL) in the metadata store. Thread-safe (through {@link MetadataStore}).
 */
public final class ViewStore
{
    private final MetadataStore store;

    public ViewStore(MetadataStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    /** Inserts or replaces the view; returns whether it is new. */
    public boolean upsert(String name, String sql, long nowMillis)
    {
        return store.withConnection("store view " + name, connection -> {
            boolean existed;
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM views WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    existed = rows.next();
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO views (name, sql, updated_at_millis) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET sql = excluded.sql, updated_at_millis = excluded.updated_at_millis")) {
                statement.setString(1, name);
                statement.setString(2, sql);
                statement.setLong(3, nowMillis);
                statement.executeUpdate();
            }
            return !existed;
        });
    }

    /** Name → SQL, by name. */
    public Map<String, String> list()
    {
        return store.withConnection("list views", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT name, sql FROM views ORDER BY name");
                    ResultSet rows = statement.executeQuery()) {
                Map<String, String> views = new LinkedHashMap<>();
                while (rows.next()) {
                    views.put(rows.getString(1), rows.getString(2));
                }
                return views;
            }
        });
    }

    public boolean delete(String name)
    {
        return store.withConnection("delete view " + name, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM views WHERE name = ?")) {
                statement.setString(1, name);
                return statement.executeUpdate() == 1;
            }
        });
    }
}
