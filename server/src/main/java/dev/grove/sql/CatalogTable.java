package dev.grove.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A table as {@code INFORMATION_SCHEMA} lists it: schema ({@code druid}, {@code lookup}, {@code view}),
 * name, Druid's table type ({@code TABLE}, {@code VIEW}) and its columns in order, name → SQL type.
 */
public record CatalogTable(String schema, String name, String type, Map<String, String> columns)
{
    public CatalogTable
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(columns, "columns is null")));
    }

    public static CatalogTable of(String schema, String name, String type, List<Map.Entry<String, String>> columns)
    {
        Map<String, String> ordered = new LinkedHashMap<>();
        columns.forEach(column -> ordered.put(column.getKey(), column.getValue()));
        return new CatalogTable(schema, name, type, ordered);
    }
}
