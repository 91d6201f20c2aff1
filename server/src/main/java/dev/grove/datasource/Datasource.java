package dev.grove.datasource;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A named stream of events with a schema: what producers write to and SQL reads from. Its log (topic)
 * has {@code partitions} partitions, fixed at creation.
 */
public record Datasource(String name, DatasourceSchema schema, long createdAtMillis, int partitions)
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,254}");
    public static final int MAX_PARTITIONS = 1024;

    public Datasource
    {
        validateName(name);
        requireNonNull(schema, "schema is null");
        validatePartitions(partitions);
    }

    /** A datasource of one partition. */
    public Datasource(String name, DatasourceSchema schema, long createdAtMillis)
    {
        this(name, schema, createdAtMillis, 1);
    }

    public static int validatePartitions(int partitions)
    {
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("A datasource has 1 to " + MAX_PARTITIONS + " partitions, not " + partitions);
        }
        return partitions;
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
