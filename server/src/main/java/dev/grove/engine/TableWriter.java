package dev.grove.engine;

import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.Datasource;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.datasource.Row;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.SQLException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Appends rows to one datasource's table through DuckDB's Appender (never row-by-row INSERTs).
 *
 * <p>Not thread-safe: confined to the indexer thread that opened it.
 */
public final class TableWriter
        implements AutoCloseable
{
    private final Datasource datasource;
    private final List<ColumnSpec> columns;
    private final DuckDBConnection connection;
    private final DuckDBAppender appender;

    TableWriter(Datasource datasource, DuckDBConnection connection)
            throws SQLException
    {
        this.datasource = requireNonNull(datasource, "datasource is null");
        this.columns = datasource.schema().columns();
        this.connection = requireNonNull(connection, "connection is null");
        this.appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, datasource.name());
    }

    /** Appends the rows and flushes, so they are visible to queries when this returns. */
    public void append(List<Row> rows)
    {
        try {
            for (Row row : rows) {
                appender.beginRow();
                appender.appendEpochMicros(Math.multiplyExact(row.timeMillis(), 1000L));
                Object[] values = row.values();
                for (int i = 0; i < columns.size(); i++) {
                    Object value = values[i];
                    if (value == null) {
                        appender.appendNull();
                        continue;
                    }
                    switch (columns.get(i).type()) {
                        case STRING -> appender.append((String) value);
                        case LONG -> appender.append(((Long) value).longValue());
                        case DOUBLE -> appender.append(((Double) value).doubleValue());
                    }
                }
                appender.endRow();
            }
            appender.flush();
        }
        catch (SQLException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Appending to the table of datasource '" + datasource.name() + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close()
    {
        try {
            appender.close();
        }
        catch (SQLException ignored) {
            // the table may already be gone; nothing is left to flush
        }
        try {
            connection.close();
        }
        catch (SQLException ignored) {
            // closing a duplicated connection only releases its handle
        }
    }
}
