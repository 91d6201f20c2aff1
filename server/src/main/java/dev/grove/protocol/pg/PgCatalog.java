package dev.grove.protocol.pg;

import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.ColumnType;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceRegistry;
import dev.grove.engine.DuckDbEngine;
import dev.grove.engine.QueryCancellation;
import dev.grove.engine.QueryResult;
import dev.grove.error.ErrorCategory;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.grove.engine.DuckDbEngine.quoteLiteral;
import static java.util.Objects.requireNonNull;

/**
 * Answers the PostgreSQL catalog queries clients send at connect time and for metadata (psql's
 * {@code \dt} and {@code \d}, the JDBC driver's DatabaseMetaData, BI tools' type lookups) from Grove's
 * catalog. They run on a catalog-only DuckDB that holds no data: PostgreSQL-shaped {@code pg_catalog}
 * tables (see {@code pg_catalog.sql}) refreshed from the datasource registry, plus macros for
 * PostgreSQL's catalog functions. The client's text is lightly rewritten first (the
 * {@code pg_catalog.} prefix, {@code OPERATOR(pg_catalog.~)}, {@code ::regclass} casts, collations,
 * session functions). Only queries are accepted; what the emulation cannot run is refused with
 * SQLSTATE 0A000 naming the reason.
 *
 * <p>Thread-safe: refreshes are serialized; queries run concurrently on the engine.
 */
public final class PgCatalog
{
    static final String SCHEMA = "druid";
    private static final long DRUID_NAMESPACE = 2200;
    private static final long CATALOG_NAMESPACE = 11;
    private static final long FIRST_TABLE_OID = 16400;
    private static final DuckDbEngine.ResultLimits LIMITS = new DuckDbEngine.ResultLimits(100_000, 64L * 1024 * 1024);
    private static final Pattern FIRST_WORD = Pattern.compile("^\\s*\\(*\\s*([A-Za-z]+)");
    private static final Pattern OPERATOR = Pattern.compile("OPERATOR\\s*\\(\\s*(?:pg_catalog\\s*\\.\\s*)?([~!<>=*+\\-/|&^#@%]+)\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLLATE = Pattern.compile("COLLATE\\s+(?:\"?pg_catalog\"?\\s*\\.\\s*)?(?:\"default\"|default|\"C\"|\"POSIX\")", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMERIC_REG = Pattern.compile("'(\\d+)'\\s*::\\s*(?:pg_catalog\\s*\\.\\s*)?(?:regclass|regtype|regproc|regprocedure|regnamespace|oid)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED_REGCLASS = Pattern.compile("'([^']*)'\\s*::\\s*(?:pg_catalog\\s*\\.\\s*)?regclass\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED_REGTYPE = Pattern.compile("'([^']*)'\\s*::\\s*(?:pg_catalog\\s*\\.\\s*)?regtype\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED_REGPROC = Pattern.compile("'(?:pg_catalog\\.)?([^']*)'\\s*::\\s*(?:pg_catalog\\s*\\.\\s*)?regproc(?:edure)?\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED_REGNAMESPACE = Pattern.compile("'([^']*)'\\s*::\\s*(?:pg_catalog\\s*\\.\\s*)?regnamespace\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern OID_CAST = Pattern.compile("::\\s*(?:pg_catalog\\s*\\.\\s*)?(?:regclass|regtype|regproc|regprocedure|regnamespace|regrole|oid|xid|cid|tid)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TEXT_CAST = Pattern.compile("::\\s*(?:pg_catalog\\s*\\.\\s*)?(?:\"char\"|name|bpchar|text|int2vector|oidvector)(?![\\w\\[])", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEMA_PREFIX = Pattern.compile("\"?\\bpg_catalog\"?\\s*\\.\\s*|\\binformation_schema\\s*\\.\\s*(?=_pg_)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CURRENT_DATABASE = Pattern.compile("\\bcurrent_database\\s*\\(\\s*\\)|\\bcurrent_catalog\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CURRENT_SCHEMAS = Pattern.compile("\\bcurrent_schemas\\s*\\(\\s*\\w+\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CURRENT_SCHEMA = Pattern.compile("\\bcurrent_schema\\b(?:\\s*\\(\\s*\\))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CURRENT_USER = Pattern.compile("\\b(?:current_user|session_user|current_role)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern VERSION = Pattern.compile("\\bversion\\s*\\(\\s*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CURRENT_SETTING = Pattern.compile("\\bcurrent_setting\\s*\\(\\s*'([^']*)'\\s*(?:,\\s*\\w+\\s*)?\\)", Pattern.CASE_INSENSITIVE);
    /** A table reference after FROM, JOIN or a comma (the rewrite has already dropped "pg_catalog."). */
    private static final Pattern CATALOG_RELATION = Pattern.compile("(?<=\\bFROM|\\bJOIN|,)\\s*\\b(pg_class|pg_attribute|pg_tables)\\b(?!\\s*\\.)",
            Pattern.CASE_INSENSITIVE);
    /** An alias follows a table reference: a name that is not a keyword ending the reference. */
    private static final Pattern ALIAS = Pattern.compile("\\s+(?:AS\\s+)?(?!(?:ON|WHERE|JOIN|LEFT|RIGHT|INNER|FULL|CROSS|GROUP|ORDER|LIMIT|UNION|USING|NATURAL|HAVING|WINDOW|OFFSET|EXCEPT|INTERSECT)\\b)[A-Za-z_][\\w]*",
            Pattern.CASE_INSENSITIVE);
    /** The catalog tables, named in pg_class so that {@code 'pg_class'::regclass} resolves. */
    private static final List<String> CATALOG_TABLES = List.of("pg_namespace", "pg_class", "pg_attribute", "pg_type", "pg_database", "pg_roles",
            "pg_am", "pg_index", "pg_constraint", "pg_attrdef", "pg_description", "pg_inherits", "pg_proc", "pg_collation", "pg_trigger");

    private final DatasourceRegistry registry;
    private final DuckDbEngine engine;
    private final String serverVersion;
    private final Object refreshLock = new Object();
    /** Guarded by refreshLock. */
    private final Map<String, Long> tableOids = new HashMap<>();
    /** Guarded by refreshLock. */
    private List<Datasource> loaded;

    /** @param engine a catalog-only DuckDB, opened locked down; this class owns its tables */
    public PgCatalog(DatasourceRegistry registry, DuckDbEngine engine, String groveVersion)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.serverVersion = "PostgreSQL " + PgSession.SERVER_VERSION.replace("(Grove)", "(Grove " + requireNonNull(groveVersion, "groveVersion is null") + ")")
                + " on x86_64-pc-linux-gnu, Druid SQL dialect";
        for (String statement : script().split("\n;\n")) {
            engine.executeUpdate(statement);
        }
    }

    /** Runs one catalog query for a session; {@code parameters} fill its {@code ?} placeholders. */
    /** @param canRead which datasources the caller may see; the others are left out of pg_class, pg_attribute and pg_tables */
    PgResult query(String sql, List<Object> parameters, String user, String database, Map<String, String> settings, Predicate<String> canRead,
            long timeoutMillis, QueryCancellation cancellation)
    {
        Matcher first = FIRST_WORD.matcher(PgSqlText.codeOnly(sql));
        String word = first.find() ? first.group(1).toUpperCase(Locale.ROOT) : "";
        if (!word.equals("SELECT") && !word.equals("WITH") && !word.equals("VALUES")) {
            throw new GroveException(GroveErrorCode.SQL_UNSUPPORTED, "Only queries may read pg_catalog; Grove's catalog is changed through its admin API");
        }
        List<Datasource> datasources = refresh();
        Map<String, String> replaced = new HashMap<>();
        String rewritten = hide(rewrite(sql, user, database, settings, replaced), datasources, canRead);
        QueryResult result;
        try {
            result = engine.execute(rewritten, parameters, List.of(), timeoutMillis, LIMITS, cancellation);
        }
        catch (GroveException e) {
            if (e.code().category() != ErrorCategory.INTERNAL || e.getCause() == null) {
                throw e;
            }
            String detail = String.valueOf(e.getCause().getMessage()).lines().findFirst().orElse("").replace("java.sql.SQLException: ", "");
            throw new GroveException(GroveErrorCode.SQL_UNSUPPORTED, "Grove answers PostgreSQL catalog queries from a small pg_catalog emulation, "
                    + "which cannot run this one (" + detail + "); query Grove's tables with Druid SQL instead");
        }
        // a function replaced by its value keeps its name as the column's, as in PostgreSQL ("version", not "'PostgreSQL 14.0 ...'")
        List<PgResult.Column> columns = PgResult.of(result).columns().orElseThrow().stream()
                .map(column -> new PgResult.Column(replaced.getOrDefault(column.name(), column.name()), column.type()))
                .toList();
        return PgResult.rows(columns, result.rows());
    }

    String rewrite(String sql, String user, String database, Map<String, String> settings, Map<String, String> replaced)
    {
        String text = OPERATOR.matcher(sql).replaceAll(" $1 ");
        text = COLLATE.matcher(text).replaceAll("");
        text = NUMERIC_REG.matcher(text).replaceAll("$1");
        text = replace(NAMED_REGCLASS, text, name -> "(SELECT oid FROM pg_class WHERE relname = " + quoteLiteral(lastPart(name)) + ")");
        text = replace(NAMED_REGTYPE, text, name -> "(SELECT oid FROM pg_type WHERE typname = " + quoteLiteral(lastPart(name)) + ")");
        text = replace(NAMED_REGPROC, text, DuckDbEngine::quoteLiteral);
        text = replace(NAMED_REGNAMESPACE, text, name -> "(SELECT oid FROM pg_namespace WHERE nspname = " + quoteLiteral(name) + ")");
        text = OID_CAST.matcher(text).replaceAll("::BIGINT");
        text = TEXT_CAST.matcher(text).replaceAll("::VARCHAR");
        text = SCHEMA_PREFIX.matcher(text).replaceAll("");
        text = literal(CURRENT_DATABASE, text, quoteLiteral(database), "current_database", replaced);
        text = CURRENT_SCHEMAS.matcher(text).replaceAll("['pg_catalog', '" + SCHEMA + "']");
        text = literal(CURRENT_SCHEMA, text, quoteLiteral(SCHEMA), "current_schema", replaced);
        text = literal(CURRENT_USER, text, quoteLiteral(user), "current_user", replaced);
        text = literal(VERSION, text, quoteLiteral(serverVersion), "version", replaced);
        return replace(CURRENT_SETTING, text, name -> {
            String value = settings.get(name.toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new GroveException(GroveErrorCode.SQL_VALIDATION_ERROR, "unrecognized configuration parameter \"" + name + "\"");
            }
            return quoteLiteral(value);
        });
    }

    private static String literal(Pattern pattern, String text, String literal, String name, Map<String, String> replaced)
    {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        replaced.putIfAbsent(literal, name);
        return matcher.replaceAll(Matcher.quoteReplacement(literal));
    }

    /**
     * Each reference to pg_class, pg_attribute or pg_tables (outside literals) becomes a subquery without the
     * datasources the caller may not read, as {@code sys} and {@code INFORMATION_SCHEMA} show only readable ones.
     */
    static String hide(String sql, List<Datasource> datasources, Predicate<String> canRead)
    {
        List<String> hidden = datasources.stream().map(Datasource::name).filter(canRead.negate()).toList();
        if (hidden.isEmpty()) {
            return sql;
        }
        String names = String.join(", ", hidden.stream().map(DuckDbEngine::quoteLiteral).toList());
        String code = PgSqlText.codeOnly(sql);
        Matcher matcher = CATALOG_RELATION.matcher(code);
        StringBuilder result = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            String table = matcher.group(1).toLowerCase(Locale.ROOT);
            String filtered = switch (table) {
                case "pg_class" -> "(SELECT * FROM pg_class WHERE relnamespace <> " + DRUID_NAMESPACE + " OR relname NOT IN (" + names + "))";
                case "pg_attribute" -> "(SELECT * FROM pg_attribute WHERE attrelid NOT IN (SELECT oid FROM pg_class WHERE relnamespace = " + DRUID_NAMESPACE
                        + " AND relname IN (" + names + ")))";
                default -> "(SELECT * FROM pg_tables WHERE schemaname <> '" + SCHEMA + "' OR tablename NOT IN (" + names + "))";
            };
            // a bare reference keeps its name as the alias, so "pg_class.oid" still resolves
            boolean aliased = ALIAS.matcher(code.substring(matcher.end())).lookingAt();
            result.append(sql, last, matcher.start()).append(filtered).append(aliased ? "" : " AS " + table);
            last = matcher.end();
        }
        return result.append(sql.substring(last)).toString();
    }

    /** Brings the datasource rows of pg_class and pg_attribute up to date with the registry; returns the datasources. */
    private List<Datasource> refresh()
    {
        synchronized (refreshLock) {
            List<Datasource> datasources = registry.list();
            if (datasources.equals(loaded)) {
                return datasources;
            }
            StringBuilder sql = new StringBuilder("BEGIN TRANSACTION;\nDELETE FROM pg_class;\nDELETE FROM pg_attribute;\n");
            List<String> classes = new ArrayList<>();
            for (int i = 0; i < CATALOG_TABLES.size(); i++) {
                classes.add(classRow(1000 + i, CATALOG_TABLES.get(i), CATALOG_NAMESPACE, 0));
            }
            List<String> attributes = new ArrayList<>();
            for (Datasource datasource : datasources) {
                long oid = tableOids.computeIfAbsent(datasource.name(), name -> FIRST_TABLE_OID + tableOids.size());
                List<ColumnSpec> columns = datasource.schema().columns();
                classes.add(classRow(oid, datasource.name(), DRUID_NAMESPACE, columns.size() + 1));
                attributes.add(attributeRow(oid, ColumnSpec.TIME_COLUMN, PgType.TIMESTAMP, 1, true));
                for (int i = 0; i < columns.size(); i++) {
                    attributes.add(attributeRow(oid, columns.get(i).name(), pgType(columns.get(i).type()), i + 2, false));
                }
            }
            sql.append("INSERT INTO pg_class VALUES ").append(String.join(",\n", classes)).append(";\n");
            if (!attributes.isEmpty()) {
                sql.append("INSERT INTO pg_attribute VALUES ").append(String.join(",\n", attributes)).append(";\n");
            }
            sql.append("COMMIT;");
            engine.executeUpdate(sql.toString());
            loaded = datasources;
            return datasources;
        }
    }

    private static PgType pgType(ColumnType type)
    {
        return switch (type) {
            case STRING -> PgType.VARCHAR;
            case LONG -> PgType.INT8;
            case DOUBLE -> PgType.FLOAT8;
        };
    }

    private static String classRow(long oid, String name, long namespace, int columns)
    {
        return "(" + oid + ", " + quoteLiteral(name) + ", " + namespace + ", 0, 0, 10, 2, " + oid + ", 0, 0, -1, 0, 0, false, false, 'p', 'r', " + columns
                + ", 0, false, false, false, false, false, true, 'd', false, 0, 0, 0, NULL, NULL, NULL, false)";
    }

    private static String attributeRow(long table, String name, PgType type, int number, boolean notNull)
    {
        return "(" + table + ", " + quoteLiteral(name) + ", " + type.oid() + ", -1, " + type.size() + ", " + number + ", 0, -1, -1, "
                + (type.size() > 0) + ", 'p', 'i', " + notNull + ", false, false, '', '', false, true, 0, " + (type == PgType.VARCHAR ? 100 : 0)
                + ", NULL, NULL, NULL, NULL, '')";
    }

    private static String lastPart(String name)
    {
        int dot = name.lastIndexOf('.');
        String last = dot < 0 ? name : name.substring(dot + 1);
        return last.length() >= 2 && last.startsWith("\"") && last.endsWith("\"") ? last.substring(1, last.length() - 1) : last;
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<String, String> replacement)
    {
        Matcher matcher = pattern.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement.apply(matcher.group(1))));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static String script()
    {
        try (InputStream in = PgCatalog.class.getResourceAsStream("pg_catalog.sql")) {
            if (in == null) {
                throw new IllegalStateException("pg_catalog.sql is missing from the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder withoutComments = new StringBuilder();
            text.lines().filter(line -> !line.startsWith("--")).forEach(line -> withoutComments.append(line).append('\n'));
            return withoutComments.toString();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
