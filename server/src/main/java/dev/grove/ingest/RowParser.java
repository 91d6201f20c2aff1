package dev.grove.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceSchema;
import dev.grove.datasource.Row;
import dev.grove.log.LogRecord;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Parses a record's JSON value against a datasource schema into a {@link Row}. Fields that are not
 * columns are ignored (as Druid does with an explicit dimension list); missing columns are null; a
 * value of the wrong type, a missing or unreadable timestamp, or a value that is not a JSON object
 * refuses the record with a message saying which field and why.
 *
 * <p>Immutable and thread-safe.
 */
public final class RowParser
{
    private static final ObjectMapper TREE = new ObjectMapper();
    private static final JsonFactory JSON = TREE.getFactory();

    private final DatasourceSchema schema;
    private final Map<String, Integer> columnIndex = new HashMap<>();

    public RowParser(Datasource datasource)
    {
        this.schema = requireNonNull(datasource, "datasource is null").schema();
        List<ColumnSpec> columns = schema.columns();
        for (int i = 0; i < columns.size(); i++) {
            columnIndex.put(columns.get(i).name(), i);
        }
    }

    /**
     * @throws IllegalArgumentException why the record cannot be ingested
     */
    public Row parse(LogRecord record)
    {
        if (record.value().length == 0) {
            throw new IllegalArgumentException("value is empty; expected a JSON object");
        }
        List<ColumnSpec> columns = schema.columns();
        Object[] values = new Object[columns.size()];
        Long time = record.timestampMillis() != 0 ? record.timestampMillis() : null;
        if (time != null && time < 0) {
            throw new IllegalArgumentException("timestamp " + time + " is negative; expected epoch milliseconds");
        }
        boolean sawTimestampField = false;
        try (JsonParser parser = JSON.createParser(record.value())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("value is not a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                Integer index = columnIndex.get(field);
                if (field.equals(schema.timestamp().column())) {
                    sawTimestampField = true;
                    if (time == null) {
                        time = parseTime(field, parser, valueToken);
                    }
                    else {
                        parser.skipChildren();
                    }
                }
                else if (index != null) {
                    values[index] = readValue(columns.get(index), parser, valueToken);
                }
                else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("value is not a valid JSON object");
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("value has trailing content after the JSON object");
            }
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not valid JSON: " + e.getOriginalMessage());
        }
        catch (IOException e) {
            throw new IllegalArgumentException("value cannot be read: " + e.getMessage());
        }
        if (time == null) {
            throw new IllegalArgumentException(sawTimestampField
                    ? "timestamp field '" + schema.timestamp().column() + "' is null"
                    : "missing timestamp field '" + schema.timestamp().column() + "'");
        }
        return new Row(time, values);
    }

    private Long parseTime(String field, JsonParser parser, JsonToken token)
            throws IOException
    {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue() || token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            throw new IllegalArgumentException("timestamp field '" + field + "' must be a string or a number");
        }
        try {
            return TimestampParser.parse(parser.getText(), token.isNumeric(), schema.timestamp().format());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timestamp field '" + field + "': " + e.getMessage() + " (format " + schema.timestamp().format() + ")");
        }
    }

    private static Object readValue(ColumnSpec column, JsonParser parser, JsonToken token)
            throws IOException
    {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        return switch (column.type()) {
            case STRING -> token.isStructStart() ? TREE.writeValueAsString(parser.readValueAsTree()) : parser.getText();
            case LONG -> readLong(column, parser, token);
            case DOUBLE -> readDouble(column, parser, token);
        };
    }

    private static Long readLong(ColumnSpec column, JsonParser parser, JsonToken token)
            throws IOException
    {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw wrongType(column, parser.getText(), "out of the LONG range");
            }
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            return (long) parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText().trim();
            try {
                return Long.parseLong(text);
            }
            catch (NumberFormatException e) {
                try {
                    return (long) Double.parseDouble(text);
                }
                catch (NumberFormatException ignored) {
                    throw wrongType(column, parser.getText(), "not a number");
                }
            }
        }
        skip(parser, token);
        throw wrongType(column, token.asString() == null ? token.name() : token.asString(), "not a number");
    }

    private static Double readDouble(ColumnSpec column, JsonParser parser, JsonToken token)
            throws IOException
    {
        if (token.isNumeric()) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Double.parseDouble(parser.getText().trim());
            }
            catch (NumberFormatException e) {
                throw wrongType(column, parser.getText(), "not a number");
            }
        }
        skip(parser, token);
        throw wrongType(column, token.asString() == null ? token.name() : token.asString(), "not a number");
    }

    private static void skip(JsonParser parser, JsonToken token)
            throws IOException
    {
        if (token.isStructStart()) {
            parser.skipChildren();
        }
    }

    private static IllegalArgumentException wrongType(ColumnSpec column, String value, String why)
    {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return new IllegalArgumentException("field '" + column.name() + "' expects " + column.type() + " but got '" + shown + "' (" + why + ")");
    }
}
