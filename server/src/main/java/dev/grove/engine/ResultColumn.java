package dev.grove.engine;

import static java.util.Objects.requireNonNull;

/**
 * A result column as clients see it: its name, SQL type name ({@code BIGINT}, {@code VARCHAR},
 * {@code TIMESTAMP}, ...) and Druid runtime type ({@code LONG}, {@code STRING}, ...).
 */
public record ResultColumn(String name, String sqlType, DruidType druidType)
{
    public ResultColumn
    {
        requireNonNull(name, "name is null");
        requireNonNull(sqlType, "sqlType is null");
        requireNonNull(druidType, "druidType is null");
    }

    /** Druid's runtime types, as in its gRPC {@code DruidType} and HTTP types header. */
    public enum DruidType
    {
        STRING, LONG, DOUBLE, FLOAT, STRING_ARRAY, LONG_ARRAY, DOUBLE_ARRAY, COMPLEX
    }
}
