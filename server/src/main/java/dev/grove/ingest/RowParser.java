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
import dev.grove.error.NearestNames;
import dev.grove.log.LogRecord;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
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
    /** Numeric times below this (1971-01-01) are most likely epoch seconds sent as milliseconds. */
    private static final long EPOCH_SECONDS_SUSPECT_BELOW_MILLIS = 365L * 24 * 3600 * 1000;
    private static final int MAX_NAMED_FIELDS = 5;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

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
        return parse(record, null);
    }

    /**
     * Like {@link #parse(LogRecord)}, and adds to {@code warnings} (when not null) what is accepted but
     * probably not what the producer meant: an event none of whose fields is a column, or a numeric
     * timestamp before 1971 (likely epoch seconds read as milliseconds).
     *
     * @throws IllegalArgumentException why the record cannot be ingested
     */
    public Row parse(LogRecord record, List<String> warnings)
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
        if (time != null) {
            EventTime.checkRange(time, "timestamp");
        }
        boolean sawTimestampField = false;
        boolean timeFromNumber = false;
        int matchedColumns = 0;
        List<String> unknownFields = new ArrayList<>();
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
                        timeFromNumber = valueToken != null && valueToken.isNumeric();
                    }
                    else {
                        parser.skipChildren();
                    }
                }
                else if (index != null) {
                    values[index] = readValue(columns.get(index), parser, valueToken);
                    matchedColumns++;
                }
                else {
                    if (unknownFields.size() < MAX_NAMED_FIELDS) {
                        unknownFields.add(field);
                    }
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
            throw new IllegalArgumentException("value is not valid JSON: " + JsonErrors.describe(e));
        }
        catch (IOException e) {
            throw new IllegalArgumentException("value cannot be read: " + e.getMessage());
        }
        if (time == null) {
            throw new IllegalArgumentException(sawTimestampField
                    ? "timestamp field '" + schema.timestamp().column() + "' is null"
                    : "missing timestamp field '" + schema.timestamp().column() + "'");
        }
        if (warnings != null) {
            if (matchedColumns == 0 && !unknownFields.isEmpty() && !columns.isEmpty()) {
                warnings.add(noColumnWarning(unknownFields));
            }
            if (timeFromNumber && time >= 0 && time < EPOCH_SECONDS_SUSPECT_BELOW_MILLIS) {
                warnings.add("timestamp field '" + schema.timestamp().column() + "' is " + time + ", read as epoch milliseconds: "
                        + Instant.ofEpochMilli(time) + ". If it is epoch seconds, recreate the datasource with the 'posix' timestamp format");
            }
        }
        return new Row(time, values);
    }

    private String noColumnWarning(List<String> unknownFields)
    {
        List<String> columnNames = schema.columns().stream().map(ColumnSpec::name).toList();
        StringBuilder message = new StringBuilder("none of the event's fields is a column, so every column is null: ");
        for (int i = 0; i < unknownFields.size(); i++) {
            String field = unknownFields.get(i);
            message.append(i == 0 ? "" : ", ").append('\'').append(field).append('\'');
            NearestNames.closest(field, columnNames).ifPresent(column -> message.append(" (did you mean '").append(column).append("'?)"));
        }
        return message.append("; the columns are ").append(String.join(", ", columnNames)).toString();
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
        long millis;
        try {
            millis = TimestampParser.parse(parser.getText(), token.isNumeric(), schema.timestamp().format());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timestamp field '" + field + "': " + e.getMessage() + " (format " + schema.timestamp().format() + ")");
        }
        return EventTime.checkRange(millis, "timestamp field '" + field + "'");
    }

    private static Object readValue(ColumnSpec column, JsonParser parser, JsonToken token)
            throws IOException
    {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        return switch (column.type()) {
            case STRING -> checkUnicode(column, token.isStructStart() ? TREE.writeValueAsString(parser.readValueAsTree()) : parser.getText());
            case LONG -> readLong(column, parser, token);
            case DOUBLE -> readDouble(column, parser, token);
        };
    }

    /**
     * Druid's long coercion: integers as they are, fractions truncated toward zero ({@code 12.7} → 12),
     * numeric text read the same way. Anything outside the LONG range, and NaN or infinity, is refused
     * rather than clamped.
     */
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
            return truncateToLong(column, parser.getText(), new BigDecimal(parser.getText()));
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText().trim();
            BigDecimal number;
            try {
                number = new BigDecimal(text);
            }
            catch (NumberFormatException e) {
                throw wrongType(column, parser.getText(), "not a number");
            }
            return truncateToLong(column, parser.getText(), number);
        }
        skip(parser, token);
        throw wrongType(column, token.asString() == null ? token.name() : token.asString(), "not a number");
    }

    private static Long truncateToLong(ColumnSpec column, String text, BigDecimal number)
    {
        if (number.precision() - number.scale() <= 0) {
            // |number| < 1; checked first because truncating 1e-999999999 digit by digit would take minutes
            return 0L;
        }
        if (number.compareTo(LONG_MIN) < 0 || number.compareTo(LONG_MAX) > 0) {
            throw wrongType(column, text, "out of the LONG range");
        }
        return number.setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /** Numbers and numeric text; NaN, infinity and values beyond the DOUBLE range (such as 1e400) are refused. */
    private static Double readDouble(ColumnSpec column, JsonParser parser, JsonToken token)
            throws IOException
    {
        double value;
        if (token.isNumeric()) {
            value = parser.getDoubleValue();
        }
        else if (token == JsonToken.VALUE_STRING) {
            try {
                value = Double.parseDouble(parser.getText().trim());
            }
            catch (NumberFormatException e) {
                throw wrongType(column, parser.getText(), "not a number");
            }
        }
        else {
            skip(parser, token);
            throw wrongType(column, token.asString() == null ? token.name() : token.asString(), "not a number");
        }
        if (!Double.isFinite(value)) {
            throw wrongType(column, parser.getText(), Double.isNaN(value) ? "not a number" : "out of the DOUBLE range");
        }
        return value;
    }

    /** A lone UTF-16 surrogate (JSON allows {@code "\ud800"}) has no UTF-8 form; storing it would change the text. */
    private static String checkUnicode(ColumnSpec column, String value)
    {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            }
            else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("field '" + column.name() + "' holds an unpaired UTF-16 surrogate (\\u"
                        + Integer.toHexString(c) + ") at character " + i + "; send valid Unicode text");
            }
        }
        return value;
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
