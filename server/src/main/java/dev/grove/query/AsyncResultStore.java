package dev.grove.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.grove.engine.QueryResult;
import dev.grove.engine.ResultColumn;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Asynchronous queries on disk, under {@code <dataDir>/queries}: {@code <id>.json} holds a query's
 * record, replaced atomically at each change that must survive a restart; {@code <id>.rows} holds a
 * finished result, one JSON array per row, fsynced before the record says SUCCEEDED. The byte offset of
 * every {@link #INDEX_ROWS}th row is kept in the record, so reading a page seeks near it instead of
 * reading the file from the start.
 *
 * <p>Thread-safe: each query's files are written by one thread at a time (its runner, or the cleaner
 * once it is finished).
 */
final class AsyncResultStore
{
    static final int INDEX_ROWS = 1000;
    private static final Logger log = LoggerFactory.getLogger(AsyncResultStore.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path directory;

    AsyncResultStore(Path directory)
    {
        this.directory = requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + directory + " for asynchronous query results: " + e.getMessage(), e);
        }
    }

    /** A query's record as stored; times are ISO instants, absent values null. */
    record StoredQuery(
            String queryId,
            String requestId,
            String owner,
            String sql,
            String state,
            String createdAt,
            String startedAt,
            String finishedAt,
            String errorCode,
            String errorMessage,
            List<StoredColumn> columns,
            long rowCount,
            long resultBytes,
            List<Long> rowIndex,
            String resultsExpiredAt) {}

    record StoredColumn(String name, String sqlType, String druidType) {}

    /** Where a stored result's rows are: its size and the offset of every {@link #INDEX_ROWS}th row. */
    record WrittenRows(long bytes, List<Long> rowIndex) {}

    void writeRecord(StoredQuery query)
    {
        Path target = directory.resolve(query.queryId() + ".json");
        try {
            // a file of its own per write: the runner and the cleaner may both write a query's record
            Path temporary = Files.createTempFile(directory, query.queryId() + ".json.", ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(query)));
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Cannot store asynchronous query " + query.queryId() + " in " + directory + ": " + e.getMessage());
        }
    }

    /** Every stored record; one that cannot be read is set aside as {@code .corrupt}, logged, and skipped. */
    List<StoredQuery> loadAll()
    {
        List<StoredQuery> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    queries.add(JSON.readValue(file.toFile(), StoredQuery.class));
                }
                catch (IOException e) {
                    log.warn("Cannot read asynchronous query record {}; setting it aside as .corrupt: {}", file, e.getMessage());
                    Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // a record write cut short by a crash leaves a temporary file behind
            try (Stream<Path> temporaries = Files.list(directory)) {
                for (Path file : temporaries.filter(path -> path.getFileName().toString().endsWith(".tmp")).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read asynchronous queries in " + directory + ": " + e.getMessage(), e);
        }
        return queries;
    }

    /** Writes a result's rows and forces them to disk; more than {@code maxBytes} fails the query, leaving no file. */
    WrittenRows writeRows(String queryId, QueryResult result, long maxBytes)
    {
        Path file = rowsFile(queryId);
        List<Long> rowIndex = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            CountingStream counted = new CountingStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
            JsonGenerator json = JSON.getFactory().createGenerator(counted);
            json.setRootValueSeparator(null);
            List<Object[]> rows = result.rows();
            for (int i = 0; i < rows.size(); i++) {
                if (i % INDEX_ROWS == 0) {
                    json.flush();
                    checkBudget(queryId, counted.count, maxBytes);
                    rowIndex.add(counted.count);
                }
                json.writeStartArray();
                for (Object value : rows.get(i)) {
                    writeValue(json, value);
                }
                json.writeEndArray();
                json.writeRaw('\n');
            }
            json.flush();
            checkBudget(queryId, counted.count, maxBytes);
            counted.flush();
            channel.force(true);
            return new WrittenRows(counted.count, rowIndex);
        }
        catch (IOException | RuntimeException e) {
            deleteRows(queryId);
            if (e instanceof GroveException grove) {
                throw grove;
            }
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Cannot store the result of asynchronous query " + queryId + ": " + e.getMessage());
        }
    }

    /** Rows {@code [start, start + count)} of a stored result, as the engine gave them. */
    List<Object[]> readRows(String queryId, List<ResultColumn> columns, List<Long> rowIndex, long start, int count)
    {
        List<Object[]> rows = new ArrayList<>();
        if (count <= 0 || rowIndex.isEmpty()) {
            return rows;
        }
        int block = (int) Math.min(start / INDEX_ROWS, rowIndex.size() - 1);
        try (FileChannel channel = FileChannel.open(rowsFile(queryId), StandardOpenOption.READ)) {
            channel.position(rowIndex.get(block));
            BufferedReader reader = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8), 1 << 16);
            long row = (long) block * INDEX_ROWS;
            String line;
            while (rows.size() < count && (line = reader.readLine()) != null) {
                if (row++ < start) {
                    continue;
                }
                JsonNode values = JSON.readTree(line);
                Object[] decoded = new Object[columns.size()];
                for (int i = 0; i < decoded.length; i++) {
                    decoded[i] = decode(values.get(i), columns.get(i), false);
                }
                rows.add(decoded);
            }
        }
        catch (IOException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Cannot read the stored result of asynchronous query " + queryId + ": " + e.getMessage());
        }
        return rows;
    }

    void deleteRows(String queryId)
    {
        delete(rowsFile(queryId));
    }

    void deleteAll(String queryId)
    {
        deleteRows(queryId);
        delete(directory.resolve(queryId + ".json"));
    }

    long rowsFileSize(String queryId)
    {
        try {
            return Files.size(rowsFile(queryId));
        }
        catch (IOException e) {
            return -1;
        }
    }

    private Path rowsFile(String queryId)
    {
        return directory.resolve(queryId + ".rows");
    }

    private static void delete(Path file)
    {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException e) {
            log.warn("Cannot delete {}: {}", file, e.getMessage());
        }
    }

    private static void checkBudget(String queryId, long bytes, long maxBytes)
    {
        if (bytes > maxBytes) {
            throw new GroveException(GroveErrorCode.RESULT_TOO_LARGE, "The result of asynchronous query " + queryId + " does not fit in the "
                    + maxBytes + " bytes left for stored results (grove.query.asyncMaxStoredBytes); delete finished queries, aggregate more, or add a LIMIT");
        }
    }

    private static void writeValue(JsonGenerator json, Object value)
            throws IOException
    {
        if (value == null) {
            json.writeNull();
        }
        else if (value instanceof Instant instant) {
            json.writeString(instant.toString());
        }
        else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writeValue(json, element);
            }
            json.writeEndArray();
        }
        else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        }
        else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        }
        else if (value instanceof Double number) {
            if (number.isNaN() || number.isInfinite()) {
                json.writeString(number.toString());
            }
            else {
                json.writeNumber(number);
            }
        }
        else if (value instanceof Float number) {
            if (number.isNaN() || number.isInfinite()) {
                json.writeString(number.toString());
            }
            else {
                json.writeNumber(number);
            }
        }
        else {
            json.writeString(value.toString());
        }
    }

    /** A stored value back as the engine's type: the column's types say which, as JSON alone cannot (timestamps, floats). */
    private static Object decode(JsonNode node, ResultColumn column, boolean element)
    {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(value -> list.add(decode(value, column, true)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        ResultColumn.DruidType type = column.druidType();
        boolean timestamp = !element && (column.sqlType().equals("TIMESTAMP") || column.sqlType().equals("DATE"));
        if (timestamp && node.isTextual()) {
            return Instant.parse(node.textValue());
        }
        boolean floating = element ? type == ResultColumn.DruidType.DOUBLE_ARRAY : type == ResultColumn.DruidType.DOUBLE || type == ResultColumn.DruidType.FLOAT;
        if (floating && (node.isNumber() || node.isTextual())) {
            double value = node.isNumber() ? node.doubleValue() : Double.parseDouble(node.textValue());
            return !element && type == ResultColumn.DruidType.FLOAT ? (Object) (float) value : (Object) value;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** Counts the bytes written, so row offsets are known without asking the file. */
    private static final class CountingStream
            extends FilterOutputStream
    {
        long count;

        CountingStream(OutputStream out)
        {
            super(out);
        }

        @Override
        public void write(int b)
                throws IOException
        {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length)
                throws IOException
        {
            out.write(bytes, offset, length);
            count += length;
        }
    }
}
