package dev.grove.metadata;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The metadata store: a JDBC database (an SQLite file in the data directory for a single node) whose
 * schema is brought up to date by numbered migrations on open. It holds datasources now; segments,
 * offsets, tasks, catalog and policy get their own migrations when they arrive.
 *
 * <p>Thread-safe: every use of the single connection is synchronized on this object.
 */
public final class MetadataStore
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(MetadataStore.class);

    /** Append only: a released migration is never edited, a change is a new one. */
    private static final List<String> MIGRATIONS = List.of(
            """
            CREATE TABLE datasources (
                name TEXT PRIMARY KEY,
                schema_json TEXT NOT NULL,
                created_at_millis INTEGER NOT NULL
            )
            """,
            "ALTER TABLE datasources ADD COLUMN partitions INTEGER NOT NULL DEFAULT 1",
            """
            CREATE TABLE producers (
                producer_id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT UNIQUE,
                epoch INTEGER NOT NULL,
                updated_at_millis INTEGER NOT NULL
            )
            """,
            // users of the basic authenticator; salt, iterations and hash are null until credentials are set
            """
            CREATE TABLE auth_users (
                name TEXT PRIMARY KEY,
                salt BLOB,
                iterations INTEGER,
                hash BLOB,
                created_at_millis INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE auth_roles (
                name TEXT PRIMARY KEY,
                permissions_json TEXT NOT NULL,
                created_at_millis INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE auth_user_roles (
                user_name TEXT NOT NULL REFERENCES auth_users(name) ON DELETE CASCADE,
                role_name TEXT NOT NULL REFERENCES auth_roles(name) ON DELETE CASCADE,
                PRIMARY KEY (user_name, role_name)
            )
            """,
            // row filters and column masks per role and datasource, beyond Druid's all-or-nothing READ
            """
            CREATE TABLE auth_policies (
                role_name TEXT NOT NULL REFERENCES auth_roles(name) ON DELETE CASCADE,
                datasource TEXT NOT NULL,
                row_filter TEXT,
                column_masks_json TEXT NOT NULL,
                updated_at_millis INTEGER NOT NULL,
                PRIMARY KEY (role_name, datasource)
            )
            """,
            // API keys for services: only a digest of the secret is kept
            """
            CREATE TABLE auth_api_keys (
                id TEXT PRIMARY KEY,
                user_name TEXT NOT NULL REFERENCES auth_users(name) ON DELETE CASCADE,
                secret_sha256 BLOB NOT NULL,
                description TEXT NOT NULL,
                created_at_millis INTEGER NOT NULL,
                revoked_at_millis INTEGER
            )
            """,
            // SCRAM-SHA-256 verifiers, for PostgreSQL-wire logins that never send the password
            """
            CREATE TABLE auth_scram (
                user_name TEXT PRIMARY KEY REFERENCES auth_users(name) ON DELETE CASCADE,
                salt BLOB NOT NULL,
                iterations INTEGER NOT NULL,
                stored_key BLOB NOT NULL,
                server_key BLOB NOT NULL
            )
            """);

    private final Connection connection;

    private MetadataStore(Connection connection)
    {
        this.connection = requireNonNull(connection, "connection is null");
    }

    public static MetadataStore openSqlite(Path file)
    {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement statement = connection.createStatement()) {
                // WAL + FULL sync: a committed metadata change survives power loss
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA foreign_keys=ON");
            }
            MetadataStore store = new MetadataStore(connection);
            store.migrate();
            return store;
        }
        catch (SQLException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Cannot open the metadata store at " + file + ": " + e.getMessage(), e);
        }
    }

    /** The schema version after migrations: the number of migrations applied. */
    public synchronized int schemaVersion()
    {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
        catch (SQLException e) {
            throw storageFailure("read the schema version", e);
        }
    }

    private synchronized void migrate()
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at_millis INTEGER NOT NULL)");
        }
        int current = schemaVersion();
        if (current > MIGRATIONS.size()) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "The metadata store has schema version " + current
                    + " but this Grove knows only " + MIGRATIONS.size() + "; run a newer Grove on this data directory");
        }
        for (int version = current + 1; version <= MIGRATIONS.size(); version++) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                    PreparedStatement record = connection.prepareStatement("INSERT INTO schema_version VALUES (?, ?)")) {
                statement.execute(MIGRATIONS.get(version - 1));
                record.setInt(1, version);
                record.setLong(2, System.currentTimeMillis());
                record.executeUpdate();
                connection.commit();
                log.info("Metadata store migrated to schema version {}", version);
            }
            catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Runs {@code work} with the connection, holding the store's lock; stores of other packages use this. */
    public synchronized <T> T withConnection(String what, SqlWork<T> work)
    {
        try {
            return work.run(connection);
        }
        catch (SQLException e) {
            throw storageFailure(what, e);
        }
    }

    public static GroveException storageFailure(String what, SQLException e)
    {
        return new GroveException(GroveErrorCode.STORAGE_FAILURE, "Metadata store failed to " + what + ": " + e.getMessage(), e);
    }

    @Override
    public synchronized void close()
    {
        try {
            connection.close();
        }
        catch (SQLException e) {
            log.warn("Closing the metadata store failed", e);
        }
    }

    @FunctionalInterface
    public interface SqlWork<T>
    {
        T run(Connection connection)
                throws SQLException;
    }
}
