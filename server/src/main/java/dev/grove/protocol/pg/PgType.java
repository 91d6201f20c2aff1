package dev.grove.protocol.pg;

import dev.grove.engine.ResultColumn;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The PostgreSQL types Grove sends and receives, with their OIDs (from PostgreSQL's pg_type.dat) and
 * fixed sizes (-1 = variable). Results map from the SQL type of a Grove result column; parameters from
 * the OID a client declares.
 */
enum PgType
{
    BOOL(16, 1, "bool", null),
    NAME(19, 64, "name", null),
    INT8(20, 8, "int8", null),
    INT2(21, 2, "int2", null),
    INT4(23, 4, "int4", null),
    TEXT(25, -1, "text", null),
    OID(26, 4, "oid", null),
    FLOAT4(700, 4, "float4", null),
    FLOAT8(701, 8, "float8", null),
    UNKNOWN(705, -2, "unknown", null),
    BPCHAR(1042, -1, "bpchar", null),
    VARCHAR(1043, -1, "varchar", null),
    DATE(1082, 4, "date", null),
    TIMESTAMP(1114, 8, "timestamp", null),
    TIMESTAMPTZ(1184, 8, "timestamptz", null),
    NUMERIC(1700, -1, "numeric", null),
    BOOL_ARRAY(1000, -1, "_bool", BOOL),
    INT8_ARRAY(1016, -1, "_int8", INT8),
    INT4_ARRAY(1007, -1, "_int4", INT4),
    TEXT_ARRAY(1009, -1, "_text", TEXT),
    FLOAT4_ARRAY(1021, -1, "_float4", FLOAT4),
    FLOAT8_ARRAY(1022, -1, "_float8", FLOAT8),
    TIMESTAMP_ARRAY(1115, -1, "_timestamp", TIMESTAMP);

    private final int oid;
    private final int size;
    private final String typeName;
    private final PgType element;

    PgType(int oid, int size, String typeName, PgType element)
    {
        this.oid = oid;
        this.size = size;
        this.typeName = typeName;
        this.element = element;
    }

    int oid()
    {
        return oid;
    }

    short size()
    {
        return (short) size;
    }

    String typeName()
    {
        return typeName;
    }

    /** The element type of an array type, or empty. */
    Optional<PgType> element()
    {
        return Optional.ofNullable(element);
    }

    static Optional<PgType> forOid(int oid)
    {
        return Arrays.stream(values()).filter(type -> type.oid == oid).findFirst();
    }

    /** The type of a Grove result column, from its SQL type name ({@code BIGINT}, {@code VARCHAR ARRAY}, ...). */
    static PgType forColumn(ResultColumn column)
    {
        return forSqlType(column.sqlType());
    }

    static PgType forSqlType(String sqlType)
    {
        String type = sqlType.toUpperCase(Locale.ROOT);
        if (type.endsWith(" ARRAY")) {
            return switch (forSqlType(type.substring(0, type.length() - " ARRAY".length()))) {
                case INT8, INT2, INT4 -> INT8_ARRAY;
                case FLOAT8, NUMERIC -> FLOAT8_ARRAY;
                case FLOAT4 -> FLOAT4_ARRAY;
                case BOOL -> BOOL_ARRAY;
                case TIMESTAMP, TIMESTAMPTZ, DATE -> TIMESTAMP_ARRAY;
                default -> TEXT_ARRAY;
            };
        }
        return switch (type) {
            case "BIGINT" -> INT8;
            case "INTEGER" -> INT4;
            case "SMALLINT" -> INT2;
            case "DOUBLE" -> FLOAT8;
            case "FLOAT", "REAL" -> FLOAT4;
            case "BOOLEAN" -> BOOL;
            case "TIMESTAMP" -> TIMESTAMP;
            case "DATE" -> DATE;
            default -> TEXT;
        };
    }
}
