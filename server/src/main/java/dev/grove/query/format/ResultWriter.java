package dev.grove.query.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.engine.QueryResult;
import dev.grove.engine.ResultColumn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a result in one of Druid's formats, byte for byte as Druid's writers do: {@code object}
 * {@code [{..}]\n}, {@code array} {@code [[..]]\n}, the line formats one row per line ending with a
 * blank line, and CSV with quotes only where needed. TIMESTAMP values are ISO strings in UTC with
 * milliseconds; arrays are written as JSON strings (Druid's {@code sqlStringifyArrays}).
 *
 * <p>Stateless and thread-safe.
 */
public final class ResultWriter
{
    private static final JsonFactory JSON = new JsonFactory(new ObjectMapper());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultWriter() {}

    /** Which header rows to write, as in Druid's {@code header}, {@code typesHeader} and {@code sqlTypesHeader}. */
    public record Header(boolean names, boolean types, boolean sqlTypes)
    {
        public static final Header NONE = new Header(false, false, false);
    }

    public static byte[] toBytes(QueryResult result, ResultFormat format, Header header)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(result, format, header, out);
        return out.toByteArray();
    }

    public static void write(QueryResult result, ResultFormat format, Header header, OutputStream out)
    {
        try {
            switch (format) {
                case OBJECT, OBJECT_LINES -> writeObjects(result, format == ResultFormat.OBJECT_LINES, header, out);
                case ARRAY, ARRAY_LINES -> writeArrays(result, format == ResultFormat.ARRAY_LINES, header, out);
                case CSV -> writeCsv(result, header, out);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeObjects(QueryResult result, boolean lines, Header header, OutputStream out)
            throws IOException
    {
        List<ResultColumn> columns = result.columns();
        JsonGenerator json = JSON.createGenerator(out);
        json.setRootValueSeparator(null);
        if (!lines) {
            json.writeStartArray();
        }
        if (header.names()) {
            json.writeStartObject();
            for (ResultColumn column : columns) {
                json.writeFieldName(column.name());
                if (header.types() || header.sqlTypes()) {
                    json.writeStartObject();
                    if (header.types()) {
                        json.writeStringField("type", column.druidType().name());
                    }
                    if (header.sqlTypes()) {
                        json.writeStringField("sqlType", column.sqlType());
                    }
                    json.writeEndObject();
                }
                else {
                    json.writeNull();
                }
            }
            json.writeEndObject();
            endLine(json, lines);
        }
        for (Object[] row : result.rows()) {
            json.writeStartObject();
            for (int i = 0; i < columns.size(); i++) {
                json.writeFieldName(columns.get(i).name());
                writeValue(json, row[i]);
            }
            json.writeEndObject();
            endLine(json, lines);
        }
        finish(json, lines);
    }

    private static void writeArrays(QueryResult result, boolean lines, Header header, OutputStream out)
            throws IOException
    {
        JsonGenerator json = JSON.createGenerator(out);
        json.setRootValueSeparator(null);
        if (!lines) {
            json.writeStartArray();
        }
        for (List<String> headerRow : headerRows(result.columns(), header)) {
            json.writeStartArray();
            for (String value : headerRow) {
                json.writeString(value);
            }
            json.writeEndArray();
            endLine(json, lines);
        }
        for (Object[] row : result.rows()) {
            json.writeStartArray();
            for (Object value : row) {
                writeValue(json, value);
            }
            json.writeEndArray();
            endLine(json, lines);
        }
        finish(json, lines);
    }

    private static void endLine(JsonGenerator json, boolean lines)
            throws IOException
    {
        if (lines) {
            json.writeRaw('\n');
        }
    }

    private static void finish(JsonGenerator json, boolean lines)
            throws IOException
    {
        if (!lines) {
            json.writeEndArray();
        }
        json.writeRaw('\n');
        json.flush();
    }

    private static void writeCsv(QueryResult result, Header header, OutputStream out)
            throws IOException
    {
        StringBuilder text = new StringBuilder();
        for (List<String> headerRow : headerRows(result.columns(), header)) {
            csvLine(text, headerRow.toArray());
        }
        for (Object[] row : result.rows()) {
            csvLine(text, row);
        }
        text.append('\n');
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void csvLine(StringBuilder text, Object[] values)
    {
        if (values.length == 1 && (values[0] == null || textOf(values[0]).isEmpty())) {
            // a lone empty value would be an empty line, which readers skip
            text.append("\"\"\n");
            return;
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            String value = values[i] == null ? "" : textOf(values[i]);
            if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                text.append('"').append(value.replace("\"", "\"\"")).append('"');
            }
            else {
                text.append(value);
            }
        }
        text.append('\n');
    }

    private static List<List<String>> headerRows(List<ResultColumn> columns, Header header)
    {
        if (!header.names()) {
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(columns.stream().map(ResultColumn::name).toList());
        if (header.types()) {
            rows.add(columns.stream().map(column -> column.druidType().name()).toList());
        }
        if (header.sqlTypes()) {
            rows.add(columns.stream().map(ResultColumn::sqlType).toList());
        }
        return rows;
    }

    private static void writeValue(JsonGenerator json, Object value)
            throws IOException
    {
        if (value == null) {
            json.writeNull();
        }
        else if (value instanceof Instant instant) {
            json.writeString(DruidTimestamps.format(instant));
        }
        else if (value instanceof List<?> list) {
            json.writeString(MAPPER.writeValueAsString(list.stream().map(ResultWriter::jsonReady).toList()));
        }
        else {
            json.writeObject(value);
        }
    }

    private static Object jsonReady(Object value)
    {
        return value instanceof Instant instant ? DruidTimestamps.format(instant) : value;
    }

    /** A value as CSV (and Druid) renders it as text. */
    static String textOf(Object value)
    {
        if (value instanceof Instant instant) {
            return DruidTimestamps.format(instant);
        }
        if (value instanceof List<?> list) {
            try {
                return MAPPER.writeValueAsString(list.stream().map(ResultWriter::jsonReady).toList());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return String.valueOf(value);
    }
}
