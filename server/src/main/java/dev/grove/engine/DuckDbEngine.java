package dev.grove.engine;

import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.Datasource;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The embedded DuckDB that holds every datasource's realtime rows and runs the translated SQL.
 *
 * <p>It is opened locked down: extension autoload and autoinstall off (it never tries the network),
 * external access off (no file reads or writes from SQL), and the configuration locked so SQL cannot
 * change any of that. All identifiers Grove writes are quoted by {@link #quoteIdentifier}.
 *
 * <p>Thread-safe: every query runs on its own duplicated connection.
 */
public final class DuckDbEngine
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(DuckDbEngine.class);

    private final DuckDBConnection root;
    private final ScheduledExecutorService timeouts;

    private DuckDbEngine(DuckDBConnection root, ScheduledExecutorService timeouts)
    {
        this.root = requireNonNull(root, "root is null");
        this.timeouts = requireNonNull(timeouts, "timeouts is null");
    }

    public static DuckDbEngine openInMemory(EngineConfig config, ScheduledExecutorService timeouts)
    {
        Properties properties = new Properties();
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("allow_community_extensions", "false");
        properties.setProperty("enable_external_access", "false");
        try {
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TimeZone = 'UTC'");
                // Druid's semantics: BIGINT / BIGINT stays BIGINT, and NULL sorts first ascending, last descending
                statement.execute("SET integer_division = true");
                statement.execute("SET default_null_order = 'nulls_first_on_asc_last_on_desc'");
                if (config.threads() > 0) {
                    statement.execute("SET threads = " + config.threads());
                }
                if (!config.memoryLimit().isEmpty()) {
                    statement.execute("SET memory_limit = " + quoteLiteral(config.memoryLimit()));
                }
                statement.execute("SET lock_configuration = true");
            }
            return new DuckDbEngine(connection, timeouts);
        }
        catch (SQLException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Cannot open the DuckDB engine: " + e.getMessage(), e);
        }
    }

    public void createTable(Datasource datasource)
    {
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ")
                .append(quoteIdentifier(datasource.name()))
                .append(" (").append(quoteIdentifier(ColumnSpec.TIME_COLUMN)).append(" TIMESTAMP NOT NULL");
        for (ColumnSpec column : datasource.schema().columns()) {
            ddl.append(", ").append(quoteIdentifier(column.name())).append(' ').append(column.type().sqlType());
        }
        ddl.append(')');
        executeUpdate(ddl.toString(), "create the table of datasource '" + datasource.name() + "'");
    }

    public void dropTable(String name)
    {
        executeUpdate("DROP TABLE IF EXISTS " + quoteIdentifier(name), "drop the table of datasource '" + name + "'");
    }

    /**
     * Creates or replaces a two-column table {@code (k VARCHAR, v VARCHAR)} holding {@code entries}, in one
     * transaction, so a query sees the old rows or the new ones, never a mix (lookups are such tables).
     */
    public void replaceKeyValueTable(String table, Map<String, String> entries)
    {
        try (Connection connection = root.duplicate()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE OR REPLACE TABLE " + quoteIdentifier(table) + " (\"k\" VARCHAR, \"v\" VARCHAR)");
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + quoteIdentifier(table) + " VALUES (?, ?)")) {
                    for (Map.Entry<String, String> entry : entries.entrySet()) {
                        insert.setString(1, entry.getKey());
                        insert.setString(2, entry.getValue());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
            }
            catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        catch (SQLException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Failed to load the table '" + table + "': " + e.getMessage(), e);
        }
    }

    /** Opens an appender on a connection of its own; the caller confines it to one thread. */
    public TableWriter openWriter(Datasource datasource)
    {
        DuckDBConnection connection = null;
        try {
            connection = (DuckDBConnection) root.duplicate();
            return new TableWriter(datasource, connection);
        }
        catch (SQLException e) {
            if (connection != null) {
                closeQuietly(connection);
            }
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Cannot open an appender for datasource '" + datasource.name() + "': " + e.getMessage(), e);
        }
    }

    public long rowCount(String table)
    {
        QueryResult result = execute("SELECT COUNT(*) FROM " + quoteIdentifier(table), List.of(), List.of(), 60_000, new ResultLimits(1, 1024));
        return (Long) result.rows().get(0)[0];
    }

    /** The most a result may hold before the query fails: rows, and an estimate of its size in bytes. */
    public record ResultLimits(int maxRows, long maxBytes) {}

    /**
     * Runs one SQL statement Grove produced (never raw user text) and reads its whole result. The
     * timeout ({@code timeoutMillis}, what is left of the query's) is armed before the statement is
     * prepared, so it covers prepare, execution and reading; {@code cancellation} stops it early from
     * another thread with its own reason.
     *
     * @param columnNames the names to report for the result columns, or empty to use DuckDB's
     */
    public QueryResult execute(String sql, List<Object> parameters, List<String> columnNames, long timeoutMillis, ResultLimits limits,
            QueryCancellation cancellation)
    {
        ScheduledFuture<?> timeout = timeouts.schedule(() -> cancellation.cancel(new GroveException(GroveErrorCode.QUERY_TIMEOUT,
                "Query did not finish within its timeout of " + cancellation.timeoutMillis() + " ms; narrow the time range or raise the context 'timeout'")),
                timeoutMillis, TimeUnit.MILLISECONDS);
        try (Connection connection = root.duplicate();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            cancellation.attach(statement);
            cancellation.throwIfCancelled();
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet resultSet = statement.executeQuery()) {
                return read(resultSet, columnNames, limits, cancellation);
            }
        }
        catch (SQLException e) {
            cancellation.throwIfCancelled();
            throw EngineErrors.classify(e);
        }
        finally {
            timeout.cancel(false);
        }
    }

    /** {@link #execute(String, List, List, long, ResultLimits, QueryCancellation)} for Grove's own queries, which nothing else cancels. */
    public QueryResult execute(String sql, List<Object> parameters, List<String> columnNames, long timeoutMillis, ResultLimits limits)
    {
        return execute(sql, parameters, columnNames, timeoutMillis, limits, new QueryCancellation(timeoutMillis));
    }

    private static QueryResult read(ResultSet resultSet, List<String> columnNames, ResultLimits limits, QueryCancellation cancellation)
            throws SQLException
    {
        ResultSetMetaData metadata = resultSet.getMetaData();
        int count = metadata.getColumnCount();
        List<ResultColumn> columns = new ArrayList<>(count);
        boolean[] timestamps = new boolean[count];
        for (int i = 1; i <= count; i++) {
            String sqlType = EngineTypes.sqlType(metadata.getColumnTypeName(i));
            String name = columnNames.size() == count ? columnNames.get(i - 1) : metadata.getColumnLabel(i);
            columns.add(new ResultColumn(name, sqlType, EngineTypes.druidType(sqlType)));
            timestamps[i - 1] = EngineTypes.isLocalTimestamp(metadata.getColumnTypeName(i));
        }
        List<Object[]> rows = new ArrayList<>();
        long bytes = 0;
        while (resultSet.next()) {
            if (rows.size() == limits.maxRows()) {
                throw new GroveException(GroveErrorCode.RESULT_TOO_LARGE, "Query returned more than " + limits.maxRows()
                        + " rows (grove.query.maxResultRows); add a LIMIT or aggregate further");
            }
            Object[] row = new Object[count];
            for (int i = 0; i < count; i++) {
                // java.sql.Timestamp is Julian before 1582; LocalDateTime is proleptic Gregorian, as DuckDB stores it
                Object value = timestamps[i] ? resultSet.getObject(i + 1, LocalDateTime.class) : resultSet.getObject(i + 1);
                row[i] = EngineTypes.normalize(value);
                bytes += EngineTypes.estimatedBytes(row[i]);
            }
            if (bytes > limits.maxBytes()) {
                throw new GroveException(GroveErrorCode.RESULT_TOO_LARGE, "Query result is larger than " + limits.maxBytes()
                        + " bytes (grove.query.maxResultBytes); select fewer columns, add a LIMIT or aggregate further");
            }
            rows.add(row);
            if ((rows.size() & 1023) == 0) {
                cancellation.throwIfCancelled();
            }
        }
        return new QueryResult(columns, rows);
    }

    /** Runs Grove's own DDL or DML (never user text), such as the tables of the PostgreSQL catalog emulation. */
    public void executeUpdate(String sql)
    {
        executeUpdate(sql, "run '" + sql.substring(0, Math.min(80, sql.length())).replace('\n', ' ') + "...'");
    }

    private void executeUpdate(String sql, String what)
    {
        try (Connection connection = root.duplicate();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Failed to " + what + ": " + e.getMessage(), e);
        }
    }

    /** Quotes an identifier for DuckDB, doubling embedded quotes. */
    public static String quoteIdentifier(String name)
    {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String quoteLiteral(String value)
    {
        return '\'' + value.replace("'", "''") + '\'';
    }

    private static void closeQuietly(Connection connection)
    {
        try {
            connection.close();
        }
        catch (SQLException e) {
            log.debug("Closing a DuckDB connection failed", e);
        }
    }

    @Override
    public void close()
    {
        closeQuietly(root);
    }
}
