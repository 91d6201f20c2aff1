package dev.grove.engine;

import dev.grove.engine.ResultColumn.DruidType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps DuckDB's result types and values onto the SQL and Druid types Druid clients expect.
 */
final class EngineTypes
{
    private EngineTypes() {}

    /** DuckDB type name → the SQL type name Druid would report. */
    static String sqlType(String duckDbType)
    {
        String type = duckDbType.toUpperCase(Locale.ROOT);
        if (type.endsWith("[]")) {
            return sqlType(type.substring(0, type.length() - 2)) + " ARRAY";
        }
        if (type.startsWith("DECIMAL")) {
            return "DOUBLE";
        }
        return switch (type) {
            case "BIGINT", "HUGEINT", "UBIGINT", "UINTEGER", "UHUGEINT" -> "BIGINT";
            case "INTEGER", "SMALLINT", "TINYINT", "USMALLINT", "UTINYINT" -> "INTEGER";
            case "DOUBLE" -> "DOUBLE";
            case "FLOAT", "REAL" -> "FLOAT";
            case "VARCHAR" -> "VARCHAR";
            case "BOOLEAN" -> "BOOLEAN";
            case "DATE" -> "DATE";
            case "TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_S", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMP";
            case "\"NULL\"", "NULL" -> "VARCHAR";
            default -> "OTHER";
        };
    }

    /** DuckDB timestamp types without a zone, read as {@link LocalDateTime} (proleptic Gregorian). */
    static boolean isLocalTimestamp(String duckDbType)
    {
        return switch (duckDbType.toUpperCase(Locale.ROOT)) {
            case "TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_S", "TIMESTAMP_NS" -> true;
            default -> false;
        };
    }

    /** A rough size of a normalized value once written out, for the result-size limit. */
    static long estimatedBytes(Object value)
    {
        if (value == null) {
            return 4;
        }
        if (value instanceof String text) {
            return text.length() + 2L;
        }
        if (value instanceof List<?> list) {
            long bytes = 2;
            for (Object element : list) {
                bytes += estimatedBytes(element) + 1;
            }
            return bytes;
        }
        return value instanceof Instant ? 26 : 12;
    }

    static DruidType druidType(String sqlType)
    {
        if (sqlType.endsWith(" ARRAY")) {
            return switch (druidType(sqlType.substring(0, sqlType.length() - " ARRAY".length()))) {
                case LONG -> DruidType.LONG_ARRAY;
                case DOUBLE, FLOAT -> DruidType.DOUBLE_ARRAY;
                default -> DruidType.STRING_ARRAY;
            };
        }
        return switch (sqlType) {
            case "BIGINT", "INTEGER", "BOOLEAN", "DATE", "TIMESTAMP" -> DruidType.LONG;
            case "DOUBLE" -> DruidType.DOUBLE;
            case "FLOAT" -> DruidType.FLOAT;
            case "VARCHAR" -> DruidType.STRING;
            default -> DruidType.COMPLEX;
        };
    }

    /** A JDBC value → the normalized Java value {@link QueryResult} documents. */
    static Object normalize(Object value)
            throws SQLException
    {
        if (value == null) {
            return null;
        }
        if (value instanceof Long || value instanceof Double || value instanceof String || value instanceof Boolean || value instanceof Float) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : big.doubleValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof Instant) {
            return value;
        }
        if (value instanceof Array array) {
            Object[] elements = (Object[]) array.getArray();
            List<Object> list = new ArrayList<>(elements.length);
            for (Object element : elements) {
                list.add(normalize(element));
            }
            return list;
        }
        if (value instanceof Object[] elements) {
            List<Object> list = new ArrayList<>(elements.length);
            for (Object element : elements) {
                list.add(normalize(element));
            }
            return list;
        }
        return value.toString();
    }
}
