package dev.grove.datasource;

/**
 * Types a datasource column may have, with the SQL and Druid names clients see.
 */
public enum ColumnType
{
    STRING("VARCHAR"),
    LONG("BIGINT"),
    DOUBLE("DOUBLE");

    private final String sqlType;

    ColumnType(String sqlType)
    {
        this.sqlType = sqlType;
    }

    public String sqlType()
    {
        return sqlType;
    }

    public boolean isNumeric()
    {
        return this != STRING;
    }
}
