package dev.grove.datasource;

import static java.util.Objects.requireNonNull;

/**
 * A named, typed column of a datasource.
 */
public record ColumnSpec(String name, ColumnType type)
{
    public static final String TIME_COLUMN = "__time";
    private static final int MAX_NAME_LENGTH = 255;

    public ColumnSpec
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Column name must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("Column name '" + name.substring(0, 32) + "...' is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.equals(TIME_COLUMN)) {
            throw new IllegalArgumentException("Column name '__time' is reserved for the event time; name the timestamp field in the timestamp spec instead");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Column name '" + name + "' contains control characters");
        }
    }
}
