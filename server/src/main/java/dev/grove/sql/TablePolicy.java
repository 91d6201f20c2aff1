package dev.grove.sql;

import java.util.Optional;

/**
 * What a caller sees of a table: empty for the table as it is, or a Druid SQL query over it (its row
 * filter and column masks) that replaces every reference to the table, wherever the reference is,
 * before the statement is translated. The query must select every column under its own name.
 */
@FunctionalInterface
public interface TablePolicy
{
    TablePolicy NONE = table -> Optional.empty();

    Optional<String> relation(String table);
}
