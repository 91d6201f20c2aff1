package dev.grove.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Lookup definitions in the metadata store, one row per tier and name, each holding Druid's
 * lookup spec JSON as it was accepted. Thread-safe (through {@link MetadataStore}).
 */
public final class LookupStore
{
    /** One stored lookup: its tier, name and spec JSON. */
    public record StoredLookup(String tier, String name, String specJson)
    {
        public StoredLookup
        {
            requireNonNull(tier, "tier is null");
            requireNonNull(name, "name is null");
            requireNonNull(specJson, "specJson is null");
        }
    }

    private final MetadataStore store;

    public LookupStore(MetadataStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    /** Inserts or replaces every given lookup in one transaction: all are stored, or none. */
    public void upsertAll(List<StoredLookup> lookups, long nowMillis)
    {
        store.withConnection("store lookups", connection -> {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO lookups (tier, name, spec_json, updated_at_millis) VALUES (?, ?, ?, ?) "
                            + "ON CONFLICT (tier, name) DO UPDATE SET spec_json = excluded.spec_json, updated_at_millis = excluded.updated_at_millis")) {
                for (StoredLookup lookup : lookups) {
                    statement.setString(1, lookup.tier());
                    statement.setString(2, lookup.name());
                    statement.setString(3, lookup.specJson());
                    statement.setLong(4, nowMillis);
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
                return null;
            }
            catch (java.sql.SQLException e) {
                connection.rollback();
                throw e;
            }
            finally {
                connection.setAutoCommit(true);
            }
        });
    }

    public List<StoredLookup> list()
    {
        return store.withConnection("list lookups", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT tier, name, spec_json FROM lookups ORDER BY tier, name");
                    ResultSet rows = statement.executeQuery()) {
                List<StoredLookup> lookups = new ArrayList<>();
                while (rows.next()) {
                    lookups.add(new StoredLookup(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
                return lookups;
            }
        });
    }

    /** Deletes one lookup, or (name null) every lookup of the tier; returns how many rows went. */
    public int delete(String tier, String name)
    {
        return store.withConnection("delete lookups", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    name == null ? "DELETE FROM lookups WHERE tier = ?" : "DELETE FROM lookups WHERE tier = ? AND name = ?")) {
                statement.setString(1, tier);
                if (name != null) {
                    statement.setString(2, name);
                }
                return statement.executeUpdate();
            }
        });
    }
}
