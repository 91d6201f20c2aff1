package dev.grove.gateway;

/** Quoting for the Druid SQL the gateway writes into policies' queries. */
final class SqlText
{
    private SqlText() {}

    static String identifier(String name)
    {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value)
    {
        return "'" + value.replace("'", "''") + "'";
    }
}
