package dev.grove.node;

import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The PostgreSQL JDBC driver against Grove's PostgreSQL wire protocol: plain and prepared queries with
 * parameters (in text and, once the driver switches to server-prepared statements, binary), fetching
 * in chunks through suspended portals, SQLSTATEs, session settings, metadata calls and cancel.
 */
class PgWireJdbcTest
{
    /** A three-way self join no optimizer can shortcut; it runs until cancelled (as in QueryLifecycleTest). */
    private static final String ENDLESS = "SELECT COUNT(*) FROM events a, events b, events c WHERE MOD(a.quantity * 7 + b.quantity * 13 + c.quantity, 1000003) = 17";

    @TempDir
    Path dataDir;

    private GroveNode node;

    @BeforeEach
    void start()
            throws Exception
    {
        node = startNode(Map.of());
        try (NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.create(NodeClients.events("events"));
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                events.add("{\"timestamp\":\"2026-01-01T00:00:" + String.format("%02d", i % 60) + ".25Z\",\"customerName\":\"c" + (i % 10)
                        + "\",\"status\":\"" + (i % 2 == 0 ? "OK" : "FAILED") + "\",\"quantity\":" + i + ",\"amount\":" + (i * 0.5) + "}");
            }
            assertThat(clients.produce("events", events).getCount()).isEqualTo(1000);
        }
    }

    private GroveNode startNode(Map<String, String> properties)
    {
        GroveConfig config = ConfigLoader.fromProperties(properties).withDataDir(dataDir).withPorts(0, 0);
        return GroveNode.start(config);
    }

    @AfterEach
    void stop()
    {
        node.close();
    }

    private Connection connect()
            throws SQLException
    {
        return connect(new Properties());
    }

    private Connection connect(Properties properties)
            throws SQLException
    {
        properties.setProperty("user", "grove");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + node.pgPort() + "/grove", properties);
    }

    @Test
    void queriesReturnTypedRows()
            throws Exception
    {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT __time, customerName, quantity, amount, quantity > 500 AS big FROM events WHERE quantity IN (1, 999) ORDER BY quantity")) {
            ResultSetMetaData metadata = rows.getMetaData();
            assertThat(metadata.getColumnType(1)).isEqualTo(Types.TIMESTAMP);
            assertThat(metadata.getColumnType(2)).isEqualTo(Types.VARCHAR);
            assertThat(metadata.getColumnType(3)).isEqualTo(Types.BIGINT);
            assertThat(metadata.getColumnType(4)).isEqualTo(Types.DOUBLE);
            assertThat(metadata.getColumnType(5)).isEqualTo(Types.BIT);
            assertThat(metadata.getColumnLabel(2)).isEqualTo("customerName");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getTimestamp(1).toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 1, 1, 0, 0, 1, 250_000_000));
            assertThat(rows.getString(2)).isEqualTo("c1");
            assertThat(rows.getLong(3)).isEqualTo(1);
            assertThat(rows.getDouble(4)).isEqualTo(0.5);
            assertThat(rows.getBoolean(5)).isFalse();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(3)).isEqualTo(999);
            assertThat(rows.getDouble(4)).isEqualTo(499.5);
            assertThat(rows.getBoolean(5)).isTrue();
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void preparedStatementsBindParametersInTextAndBinary()
            throws Exception
    {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT customerName, COUNT(*) AS n, SUM(amount) AS total, MAX(__time) AS latest FROM events "
                                + "WHERE quantity >= ? AND quantity < ? AND status = ? AND amount > ? AND __time >= ? GROUP BY 1 ORDER BY 1")) {
            // the driver switches to a named, server-prepared statement with binary results after 5 runs
            for (int run = 0; run < 8; run++) {
                statement.setInt(1, 100);
                statement.setLong(2, 200);
                statement.setString(3, "OK");
                statement.setDouble(4, 10.0);
                statement.setTimestamp(5, Timestamp.valueOf(LocalDateTime.of(2026, 1, 1, 0, 0, 0)));
                try (ResultSet rows = statement.executeQuery()) {
                    List<String> result = new ArrayList<>();
                    while (rows.next()) {
                        result.add(rows.getString(1) + " " + rows.getLong(2) + " " + rows.getDouble(3) + " " + rows.getTimestamp(4).toLocalDateTime());
                    }
                    assertThat(result).as("run " + run).containsExactly(
                            "c0 10 725.0 2026-01-01T00:00:50.250",
                            "c2 10 735.0 2026-01-01T00:00:52.250",
                            "c4 10 745.0 2026-01-01T00:00:54.250",
                            "c6 10 755.0 2026-01-01T00:00:56.250",
                            "c8 10 765.0 2026-01-01T00:00:58.250");
                }
            }
            statement.setInt(1, 0);
            statement.setLong(2, 1000);
            statement.setString(3, "no such status");
            statement.setDouble(4, 0);
            statement.setTimestamp(5, Timestamp.valueOf(LocalDateTime.of(2026, 1, 1, 0, 0, 0)));
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void binaryTransferFromTheFirstExecution()
            throws Exception
    {
        Properties properties = new Properties();
        // -1: server-prepared and binary from the first execution on, for parameters and results
        properties.setProperty("prepareThreshold", "-1");
        try (Connection connection = connect(properties);
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT __time, customerName, quantity, CAST(quantity AS INTEGER) AS q4, amount, quantity > ? AS big, ? AS echoed "
                                + "FROM events WHERE quantity = ? AND amount >= ? AND __time < ? AND (status = ?) = ?")) {
            statement.setInt(1, 100);
            statement.setString(2, "héllo");
            statement.setShort(3, (short) 123);
            statement.setFloat(4, 61.5f);
            statement.setTimestamp(5, Timestamp.valueOf(LocalDateTime.of(2026, 1, 2, 0, 0, 0)));
            statement.setString(6, "FAILED");
            statement.setBoolean(7, true);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getTimestamp(1).toLocalDateTime()).isEqualTo(LocalDateTime.of(2026, 1, 1, 0, 0, 3, 250_000_000));
                assertThat(rows.getString(2)).isEqualTo("c3");
                assertThat(rows.getLong(3)).isEqualTo(123);
                assertThat(rows.getInt(4)).isEqualTo(123);
                assertThat(rows.getDouble(5)).isEqualTo(61.5);
                assertThat(rows.getBoolean(6)).isTrue();
                assertThat(rows.getString(7)).isEqualTo("héllo");
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void aSmallFetchSizeReadsThroughSuspendedPortals()
            throws Exception
    {
        try (Connection connection = connect()) {
            // the driver fetches in chunks only inside a transaction; Grove's transactions bracket nothing but keep portals open
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("SELECT quantity FROM events WHERE quantity < ? ORDER BY quantity")) {
                statement.setFetchSize(7);
                statement.setLong(1, 100);
                long sum = 0;
                int count = 0;
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sum += rows.getLong(1);
                        count++;
                    }
                }
                assertThat(count).isEqualTo(100);
                assertThat(sum).isEqualTo(4950);
            }
            connection.commit();
        }
    }

    @Test
    void errorsCarryPostgresSqlStatesAndTheConnectionGoesOn()
            throws Exception
    {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELEC 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42601"));
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM nowhere"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42P01");
                        assertThat(e.getMessage()).contains("nowhere");
                    });
            assertThatThrownBy(() -> statement.executeQuery("SELECT nothing FROM events"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42703"));
            try (PreparedStatement prepared = connection.prepareStatement("SELECT quantity FROM events WHERE quantity > ?\nUNION ALL SELECT quantity FROM nowhere")) {
                prepared.setLong(1, 1);
                assertThatThrownBy(prepared::executeQuery).isInstanceOfSatisfying(org.postgresql.util.PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("42P01");
                    // the position counts characters, across lines, of the text the driver sent (with $1 for ?)
                    assertThat(e.getServerErrorMessage().getPosition()).isEqualTo(80);
                });
            }
            try (PreparedStatement prepared = connection.prepareStatement("SELECT COUNT(*) FROM events WHERE quantity = ?")) {
                prepared.setString(1, "not a number");
                assertThatThrownBy(prepared::executeQuery).isInstanceOf(SQLException.class);
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM events")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(1000);
            }
            // inside a transaction block an error fails the block until ROLLBACK, as in PostgreSQL
            statement.execute("BEGIN");
            assertThatThrownBy(() -> statement.executeQuery("SELECT nope FROM events")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> statement.executeQuery("SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            statement.execute("ROLLBACK");
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    @Test
    void preparedStatementMetadataBeforeExecution()
            throws Exception
    {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement("SELECT customerName, SUM(quantity) AS total FROM events WHERE amount > ? GROUP BY 1")) {
            ResultSetMetaData metadata = statement.getMetaData();
            assertThat(metadata.getColumnCount()).isEqualTo(2);
            assertThat(metadata.getColumnLabel(2)).isEqualTo("total");
            assertThat(metadata.getColumnType(2)).isEqualTo(Types.BIGINT);
            assertThat(statement.getParameterMetaData().getParameterCount()).isEqualTo(1);
        }
    }

    @Test
    void sessionSettingsAreHarmlessAndStatementTimeoutApplies()
            throws Exception
    {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = 'dashboard'");
            statement.execute("SET extra_float_digits = 3");
            statement.execute("SET search_path TO druid");
            try (ResultSet rows = statement.executeQuery("SHOW application_name")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("dashboard");
            }
            try (ResultSet rows = statement.executeQuery("SHOW server_version")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("14.0 (Grove)");
            }
            assertThatThrownBy(() -> statement.execute("SET client_encoding = 'LATIN1'"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            statement.execute("SET statement_timeout = 300");
            SQLException timedOut = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> catchSql(() -> statement.executeQuery(ENDLESS)));
            assertThat(timedOut.getSQLState()).isEqualTo("57014");
            assertThat(timedOut.getMessage()).contains("timeout of 300 ms");
            statement.execute("RESET statement_timeout");
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    @Test
    void statementCancelStopsASlowQuery()
            throws Exception
    {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> catchSql(() -> statement.executeQuery(ENDLESS)));
            SQLException cancelled = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                // the cancel request reaches the query only once it runs; repeat until the query ends
                while (!running.isDone()) {
                    statement.cancel();
                    Thread.sleep(50);
                }
                return running.get(5, TimeUnit.SECONDS);
            });
            assertThat(cancelled.getSQLState()).isEqualTo("57014");
            assertThat(cancelled.getMessage()).contains("canceling statement due to user request");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM events")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(1000);
            }
        }
    }

    @Test
    void metadataCallsAnswerFromGrovesCatalog()
            throws Exception
    {
        try (Connection connection = connect()) {
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(metadata.getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(metadata.getDatabaseProductVersion()).isEqualTo("14.0 (Grove)");
            assertThat(connection.getCatalog()).isEqualTo("grove");
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metadata.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    tables.add(rows.getString("TABLE_SCHEM") + "." + rows.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).containsExactly("druid.events");
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns(null, "druid", "events", "%")) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME") + " " + rows.getString("TYPE_NAME") + " " + rows.getInt("DATA_TYPE") + " " + rows.getString("IS_NULLABLE"));
                }
            }
            assertThat(columns).containsExactly("__time timestamp 93 NO", "customerName varchar 12 YES", "status varchar 12 YES",
                    "quantity int8 -5 YES", "amount float8 8 YES");
            List<String> schemas = new ArrayList<>();
            try (ResultSet rows = metadata.getSchemas()) {
                while (rows.next()) {
                    schemas.add(rows.getString("TABLE_SCHEM"));
                }
            }
            assertThat(schemas).contains("druid", "pg_catalog");
            try (ResultSet rows = metadata.getPrimaryKeys(null, "druid", "events")) {
                assertThat(rows.next()).isFalse();
            }
            try (ResultSet rows = metadata.getTypeInfo()) {
                assertThat(rows.next()).isTrue();
            }
            try (Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM pg_catalog.pg_no_such_table"))
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("0A000");
                            assertThat(e.getMessage()).contains("pg_catalog emulation");
                        });
                assertThatThrownBy(() -> statement.execute("DELETE FROM pg_catalog.pg_class"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            }
        }
    }

    @Test
    void connectionsPastTheLimitAreRefusedWithTooManyConnections()
            throws Exception
    {
        node.close();
        node = startNode(Map.of("grove.pg.maxConnections", "2"));
        try (Connection first = connect(); Connection second = connect()) {
            assertThatThrownBy(this::connect).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53300"));
            first.close();
            // the slot is free once the server has seen the first connection end
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (true) {
                    try (Connection third = connect()) {
                        assertThat(third.isValid(5)).isTrue();
                        return;
                    }
                    catch (SQLException e) {
                        assertThat(e.getSQLState()).isEqualTo("53300");
                        Thread.sleep(50);
                    }
                }
            });
            assertThat(second.isValid(5)).isTrue();
        }
    }

    @Test
    void aShutdownAnswersTheQueryItCannotWaitForAndClosesConnections()
            throws Exception
    {
        node.close();
        // the same data directory: the events recovered from the log
        node = startNode(Map.of("grove.shutdown.graceMs", "1500"));
        try (Connection busy = connect(); Connection idle = connect(); Statement statement = busy.createStatement()) {
            CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> catchSql(() -> statement.executeQuery(ENDLESS)));
            // wait until the query runs, so the shutdown finds it
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (!node.isQueryRunning()) {
                    Thread.sleep(20);
                }
            });
            SQLException answer = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                node.close();
                return running.get(10, TimeUnit.SECONDS);
            });
            assertThat(answer.getSQLState()).isEqualTo("57P01");
            assertThat(answer.getMessage()).contains("shutting down");
            assertThat(idle.isValid(2)).isFalse();
        }
    }

    @FunctionalInterface
    private interface SqlCall
    {
        Object call()
                throws SQLException;
    }

    private static SQLException catchSql(SqlCall call)
    {
        try {
            call.call();
        }
        catch (SQLException e) {
            return e;
        }
        throw new AssertionError("expected the call to fail");
    }
}
