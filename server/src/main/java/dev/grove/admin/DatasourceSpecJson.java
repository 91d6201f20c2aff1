package dev.grove.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.ColumnType;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceSchema;
import dev.grove.datasource.TimestampFormat;
import dev.grove.datasource.TimestampSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON form of a datasource definition, shaped like Druid's {@code dataSchema}:
 * <pre>{"name": "orders",
 *  "timestampSpec": {"column": "timestamp", "format": "iso"},
 *  "dimensions": ["customerName", {"name": "quantity", "type": "long"}],
 *  "metrics": [{"name": "price", "type": "double"}]}</pre>
 * A dimension given as a plain name is a string. Used by the HTTP API and {@code grove datasource create --spec}.
 */
public final class DatasourceSpecJson
{
    private DatasourceSpecJson() {}

    /** A parsed definition: the name and its schema. */
    public record Definition(String name, DatasourceSchema schema) {}

    /**
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static Definition parse(JsonNode json)
    {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("A datasource definition must be a JSON object with 'name', 'timestampSpec', 'dimensions' and 'metrics'");
        }
        JsonNode name = json.get("name");
        if (name == null || !name.isTextual()) {
            throw new IllegalArgumentException("Datasource definition needs a string 'name'");
        }
        TimestampSpec timestamp = TimestampSpec.DEFAULT;
        JsonNode timestampSpec = json.get("timestampSpec");
        if (timestampSpec != null && !timestampSpec.isNull()) {
            String column = timestampSpec.path("column").asText(TimestampSpec.DEFAULT.column());
            String format = timestampSpec.path("format").asText("auto");
            timestamp = new TimestampSpec(column, timestampFormat(format));
        }
        return new Definition(Datasource.validateName(name.asText()),
                new DatasourceSchema(timestamp, columns(json.get("dimensions"), "dimensions", ColumnType.STRING), columns(json.get("metrics"), "metrics", null)));
    }

    public static TimestampFormat timestampFormat(String format)
    {
        try {
            return TimestampFormat.valueOf(format.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown timestamp format '" + format + "'; use iso, millis, posix or auto");
        }
    }

    public static ColumnType columnType(String type)
    {
        try {
            return ColumnType.valueOf(type.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown column type '" + type + "'; use string, long or double");
        }
    }

    private static List<ColumnSpec> columns(JsonNode node, String field, ColumnType defaultType)
    {
        List<ColumnSpec> columns = new ArrayList<>();
        if (node == null || node.isNull()) {
            return columns;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be an array");
        }
        for (JsonNode column : node) {
            if (column.isTextual() && defaultType != null) {
                columns.add(new ColumnSpec(column.asText(), defaultType));
            }
            else if (column.isObject() && column.path("name").isTextual()) {
                JsonNode type = column.get("type");
                if (type == null && defaultType == null) {
                    throw new IllegalArgumentException("Metric '" + column.path("name").asText() + "' needs a 'type' (long or double)");
                }
                columns.add(new ColumnSpec(column.get("name").asText(), type == null ? defaultType : columnType(type.asText())));
            }
            else {
                throw new IllegalArgumentException("Each entry of '" + field + "' must be " + (defaultType != null ? "a name or " : "") + "{\"name\": ..., \"type\": ...}");
            }
        }
        return columns;
    }

    public static Map<String, Object> toJson(Datasource datasource)
    {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", datasource.name());
        json.put("timestampSpec", Map.of("column", datasource.schema().timestamp().column(),
                "format", datasource.schema().timestamp().format().name().toLowerCase(Locale.ROOT)));
        json.put("dimensions", columnsJson(datasource.schema().dimensions()));
        json.put("metrics", columnsJson(datasource.schema().metrics()));
        json.put("createdAtMillis", datasource.createdAtMillis());
        json.put("partitions", datasource.partitions());
        return json;
    }

    private static List<Map<String, String>> columnsJson(List<ColumnSpec> columns)
    {
        return columns.stream().map(column -> Map.of("name", column.name(), "type", column.type().name().toLowerCase(Locale.ROOT))).toList();
    }
}
