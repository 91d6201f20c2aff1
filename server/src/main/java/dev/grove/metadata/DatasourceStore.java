package dev.grove.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceSchema;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Datasource definitions in the metadata store. Thread-safe (through {@link MetadataStore}).
 */
public final class DatasourceStore
{
    private final MetadataStore store;
    private final ObjectMapper json = new ObjectMapper();

    public DatasourceStore(MetadataStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    /** Inserts the datasource; fails with DATASOURCE_ALREADY_EXISTS if the name is taken. */
    public void insert(Datasource datasource)
    {
        String schemaJson = toJson(datasource.schema());
        boolean inserted = store.withConnection("create datasource " + datasource.name(), connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO datasources (name, schema_json, created_at_millis, partitions) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                statement.setString(1, datasource.name());
                statement.setString(2, schemaJson);
                statement.setLong(3, datasource.createdAtMillis());
                statement.setInt(4, datasource.partitions());
                return statement.executeUpdate() == 1;
            }
        });
        if (!inserted) {
            throw new GroveException(GroveErrorCode.DATASOURCE_ALREADY_EXISTS, "Datasource '" + datasource.name() + "' already exists");
        }
    }

    public List<Datasource> list()
    {
        return store.withConnection("list datasources", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT name, schema_json, created_at_millis, partitions FROM datasources ORDER BY name");
                    ResultSet rows = statement.executeQuery()) {
                List<Datasource> datasources = new ArrayList<>();
                while (rows.next()) {
                    datasources.add(new Datasource(rows.getString(1), fromJson(rows.getString(2)), rows.getLong(3), rows.getInt(4)));
                }
                return datasources;
            }
        });
    }

    /** Deletes the datasource; returns whether it existed. */
    public boolean delete(String name)
    {
        return store.withConnection("drop datasource " + name, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("DELETE FROM datasources WHERE name = ?")) {
                statement.setString(1, name);
                return statement.executeUpdate() == 1;
            }
        });
    }

    private String toJson(DatasourceSchema schema)
    {
        try {
            return json.writeValueAsString(schema);
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INTERNAL_ERROR, "Cannot serialize a datasource schema", e);
        }
    }

    private DatasourceSchema fromJson(String text)
    {
        try {
            return json.readValue(text, DatasourceSchema.class);
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "A datasource schema in the metadata store is unreadable: " + e.getMessage(), e);
        }
    }
}
