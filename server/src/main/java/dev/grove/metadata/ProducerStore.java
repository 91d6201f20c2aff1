package dev.grove.metadata;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Idempotent producers in the metadata store: each has an id that is never reused and a current
 * epoch. Thread-safe (through {@link MetadataStore}).
 */
public final class ProducerStore
{
    private final MetadataStore store;

    public ProducerStore(MetadataStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    /** An issued producer id and epoch. */
    public record ProducerEpoch(long producerId, short epoch) {}

    /**
     * Issues a producer id and epoch, durably. Without a name every call gets a new id at epoch 0; a
     * name keeps its id and gets the next epoch, which fences the producer that had the name before.
     *
     * @throws IllegalStateException when the name's epochs are used up
     */
    public ProducerEpoch init(String name, long nowMillis)
    {
        return store.withConnection("issue a producer id", connection -> {
            if (name != null) {
                try (PreparedStatement select = connection.prepareStatement("SELECT producer_id, epoch FROM producers WHERE name = ?")) {
                    select.setString(1, name);
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            long id = row.getLong(1);
                            int epoch = row.getInt(2) + 1;
                            if (epoch > Short.MAX_VALUE) {
                                throw new IllegalStateException("Producer '" + name + "' has used all " + Short.MAX_VALUE + " epochs; use a new name");
                            }
                            try (PreparedStatement update = connection.prepareStatement("UPDATE producers SET epoch = ?, updated_at_millis = ? WHERE producer_id = ?")) {
                                update.setInt(1, epoch);
                                update.setLong(2, nowMillis);
                                update.setLong(3, id);
                                update.executeUpdate();
                            }
                            return new ProducerEpoch(id, (short) epoch);
                        }
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO producers (name, epoch, updated_at_millis) VALUES (?, 0, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, name);
                insert.setLong(2, nowMillis);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return new ProducerEpoch(keys.getLong(1), (short) 0);
                }
            }
        });
    }

    /** Every producer's current epoch, by id. */
    public Map<Long, Short> epochs()
    {
        return store.withConnection("list producers", connection -> {
            Map<Long, Short> epochs = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT producer_id, epoch FROM producers");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    epochs.put(rows.getLong(1), (short) rows.getInt(2));
                }
            }
            return epochs;
        });
    }
}
