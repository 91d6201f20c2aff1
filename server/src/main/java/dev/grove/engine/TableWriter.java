package dev.grove.engine;

import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.Row;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static dev.grove.engine.DuckDbEngine.quoteIdentifier;
import static java.util.Objects.requireNonNull;

/**
 * Appends rows to one datasource's table through DuckDB's Appender (never row-by-row INSERTs).
 *
 * <p>A batch is applied whole or not at all. DuckDB's Appender ignores transactions and flushes on
 * its own every few thousand rows, so a failure mid-batch can leave part of it in the table; the
 * writer then deletes every row at or after the batch's first row id (row ids grow with each append
 * and are never reused), which removes exactly the partial batch. After a failure the writer is
 * closed: the Appender is unusable once a row failed.
 *
 * <p>Not thread-safe: confined to the indexer thread that opened it.
 */
public final class TableWriter
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(TableWriter.class);

    private final Datasource datasource;
    private final List<ColumnSpec> columns;
    private final DuckDBConnection connection;
    private final DuckDBAppender appender;
    /** No row of the table has a row id at or above this: where the next batch starts, at the latest. */
    private long nextRowId;

    TableWriter(Datasource datasource, DuckDBConnection connection)
            throws SQLException
    {
        this.datasource = requireNonNull(datasource, "datasource is null");
        this.columns = datasource.schema().columns();
        this.connection = requireNonNull(connection, "connection is null");
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT COALESCE(MAX(rowid) + 1, 0) FROM " + quoteIdentifier(datasource.name()))) {
            result.next();
            this.nextRowId = result.getLong(1);
        }
        this.appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, datasource.name());
    }

    /**
     * Appends the rows and flushes, so they are visible to queries when this returns.
     *
     * @throws AppendFailedException when the rows could not be appended; none of them stay in the table
     *         unless {@link AppendFailedException#rolledBack()} says otherwise. The writer is closed.
     */
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
            nextRowId += rows.size();
        }
        catch (SQLException | RuntimeException e) {
            boolean rolledBack = removePartialBatch();
            close();
            throw new AppendFailedException("Appending " + rows.size() + " rows to the table of datasource '" + datasource.name()
                    + "' failed: " + e.getMessage(), rolledBack, e);
        }
    }

    /** Deletes what a failed batch left behind; false when that failed too. */
    private boolean removePartialBatch()
    {
        try {
            appender.close();
        }
        catch (SQLException | RuntimeException ignored) {
            // the failed row is discarded with the appender; any rows it flushed are deleted below
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + quoteIdentifier(datasource.name()) + " WHERE rowid >= " + nextRowId);
            return true;
        }
        catch (SQLException | RuntimeException e) {
            log.error("Datasource '{}': cannot remove the rows of a failed batch", datasource.name(), e);
            return false;
        }
    }

    @Override
    public void close()
    {
        try {
            appender.close();
        }
        catch (SQLException | RuntimeException ignored) {
            // the table may already be gone, or the appender failed; nothing is left to flush
        }
        try {
            connection.close();
        }
        catch (SQLException ignored) {
            // closing a duplicated connection only releases its handle
        }
    }

    /** Applying a batch failed. */
    public static final class AppendFailedException
            extends GroveException
    {
        private final boolean rolledBack;

        AppendFailedException(String message, boolean rolledBack, Throwable cause)
        {
            super(GroveErrorCode.STORAGE_FAILURE, message, cause);
            this.rolledBack = rolledBack;
        }

        /** Whether the table holds none of the batch's rows (false: some may remain until the table is rebuilt). */
        public boolean rolledBack()
        {
            return rolledBack;
        }
    }
}
