package dev.grove.datasource;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A named stream of events with a schema: what producers write to and SQL reads from.
 */
public record Datasource(String name, DatasourceSchema schema, long createdAtMillis)
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,254}");

    public Datasource
    {
        validateName(name);
        requireNonNull(schema, "schema is null");
    }

    public static String validateName(String name)
    {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid datasource name '" + name
                    + "': use letters, digits, '_' and '-', starting with a letter, at most 255 characters");
        }
        return name;
    }
}
