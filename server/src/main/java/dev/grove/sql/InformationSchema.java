package dev.grove.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Druid's {@code INFORMATION_SCHEMA} tables ({@code SCHEMATA}, {@code TABLES}, {@code COLUMNS},
 * {@code ROUTINES}) with Druid's columns, written as a query over literal rows built from the catalog
 * (datasources, lookups, views) and the function table. They read nothing else.
 */
final class InformationSchema
{
    static final String SCHEMA = "INFORMATION_SCHEMA";
    private static final String CATALOG = "druid";
    private static final List<String> SCHEMAS = List.of("druid", "lookup", "view", SCHEMA);

    private InformationSchema() {}

    /** The query standing for {@code INFORMATION_SCHEMA.<table>}, if there is such a table. */
    static Optional<String> query(String table, List<CatalogTable> catalog)
    {
        return switch (table) {
            case "SCHEMATA" -> Optional.of(schemata());
            case "TABLES" -> Optional.of(tables(catalog));
            case "COLUMNS" -> Optional.of(columns(catalog));
            case "ROUTINES" -> Optional.of(routines());
            default -> Optional.empty();
        };
    }

    private static String schemata()
    {
        List<List<Object>> rows = new ArrayList<>();
        for (String schema : SCHEMAS) {
            rows.add(row(CATALOG, schema, null, null, null, null, null));
        }
        return values(rows, "CATALOG_NAME VARCHAR", "SCHEMA_NAME VARCHAR", "SCHEMA_OWNER VARCHAR", "DEFAULT_CHARACTER_SET_CATALOG VARCHAR",
                "DEFAULT_CHARACTER_SET_SCHEMA VARCHAR", "DEFAULT_CHARACTER_SET_NAME VARCHAR", "SQL_PATH VARCHAR");
    }

    private static String tables(List<CatalogTable> catalog)
    {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogTable table : catalog) {
            boolean joinable = table.schema().equals("lookup");
            rows.add(row(CATALOG, table.schema(), table.name(), table.type(), joinable ? "YES" : "NO", joinable ? "YES" : "NO"));
        }
        for (String system : List.of("SCHEMATA", "TABLES", "COLUMNS", "ROUTINES")) {
            rows.add(row(CATALOG, SCHEMA, system, "SYSTEM_TABLE", "NO", "NO"));
        }
        return values(rows, "TABLE_CATALOG VARCHAR", "TABLE_SCHEMA VARCHAR", "TABLE_NAME VARCHAR", "TABLE_TYPE VARCHAR", "IS_JOINABLE VARCHAR",
                "IS_BROADCAST VARCHAR");
    }

    private static String columns(List<CatalogTable> catalog)
    {
        List<List<Object>> rows = new ArrayList<>();
        for (CatalogTable table : catalog) {
            long ordinal = 1;
            for (Map.Entry<String, String> column : table.columns().entrySet()) {
                String type = column.getValue();
                boolean time = column.getKey().equals("__time") && table.schema().equals("druid");
                rows.add(row(CATALOG, table.schema(), table.name(), column.getKey(), ordinal++, "", time ? "NO" : "YES", type,
                        null, null, precision(type), precision(type) == null ? null : 10L, scale(type), null,
                        type.equals("VARCHAR") ? "UTF-16LE" : null, type.equals("VARCHAR") ? "UTF-16LE$en_US$primary" : null, jdbcType(type)));
            }
        }
        return values(rows, "TABLE_CATALOG VARCHAR", "TABLE_SCHEMA VARCHAR", "TABLE_NAME VARCHAR", "COLUMN_NAME VARCHAR", "ORDINAL_POSITION BIGINT",
                "COLUMN_DEFAULT VARCHAR", "IS_NULLABLE VARCHAR", "DATA_TYPE VARCHAR", "CHARACTER_MAXIMUM_LENGTH VARCHAR", "CHARACTER_OCTET_LENGTH VARCHAR",
                "NUMERIC_PRECISION BIGINT", "NUMERIC_PRECISION_RADIX BIGINT", "NUMERIC_SCALE BIGINT", "DATETIME_PRECISION BIGINT",
                "CHARACTER_SET_NAME VARCHAR", "COLLATION_NAME VARCHAR", "JDBC_TYPE BIGINT");
    }

    private static String routines()
    {
        List<List<Object>> rows = new ArrayList<>();
        FunctionRule.byGroup().forEach((group, functions) -> functions.keySet().forEach(name ->
                rows.add(row(CATALOG, "INFORMATION_SCHEMA", name, "FUNCTION", group.equals("Aggregates") ? "YES" : "NO", null))));
        return values(rows, "ROUTINE_CATALOG VARCHAR", "ROUTINE_SCHEMA VARCHAR", "ROUTINE_NAME VARCHAR", "ROUTINE_TYPE VARCHAR", "IS_AGGREGATOR VARCHAR",
                "SIGNATURES VARCHAR");
    }

    private static Long precision(String type)
    {
        return switch (type) {
            case "BIGINT" -> 19L;
            case "INTEGER" -> 10L;
            case "DOUBLE" -> 15L;
            case "FLOAT" -> 7L;
            default -> null;
        };
    }

    private static Long scale(String type)
    {
        return type.equals("BIGINT") || type.equals("INTEGER") ? 0L : null;
    }

    /** java.sql.Types of a Druid SQL type. */
    private static long jdbcType(String type)
    {
        return switch (type) {
            case "BIGINT" -> -5;
            case "INTEGER" -> 4;
            case "DOUBLE" -> 8;
            case "FLOAT" -> 6;
            case "VARCHAR" -> 12;
            case "TIMESTAMP" -> 93;
            case "DATE" -> 91;
            case "BOOLEAN" -> 16;
            default -> 1111;
        };
    }

    static List<Object> row(Object... values)
    {
        return java.util.Arrays.asList(values);
    }

    /** {@code SELECT CAST(c1 AS T1) AS "C1", ... FROM (VALUES ...) AS t(c1, ...)}, empty when there are no rows. */
    static String values(List<List<Object>> rows, String... columns)
    {
        StringJoiner select = new StringJoiner(", ", "SELECT ", "");
        StringJoiner names = new StringJoiner(", ");
        for (int i = 0; i < columns.length; i++) {
            String[] column = columns[i].split(" ");
            select.add("CAST(c" + i + " AS " + column[1] + ") AS \"" + column[0] + "\"");
            names.add("c" + i);
        }
        List<List<Object>> data = rows.isEmpty() ? List.of(java.util.Collections.nCopies(columns.length, null)) : rows;
        StringJoiner values = new StringJoiner(", ");
        for (List<Object> row : data) {
            StringJoiner items = new StringJoiner(", ", "(", ")");
            row.forEach(value -> items.add(literal(value)));
            values.add(items.toString());
        }
        return select + " FROM (VALUES " + values + ") AS t(" + names + ")" + (rows.isEmpty() ? " WHERE 1 = 0" : "");
    }

    private static String literal(Object value)
    {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Long number) {
            return number < 0 ? "(" + number + ")" : number.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    static boolean isSchema(String name)
    {
        return name.toUpperCase(Locale.ROOT).equals(SCHEMA);
    }
}
