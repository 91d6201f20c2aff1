package dev.grove.sql;

import java.util.Optional;

/**
 * What a caller sees of the tables: which datasources it may see at all (in {@code INFORMATION_SCHEMA}),
 * and for each table either the table as it is, or a Druid SQL query over it (its row filter and column
 * masks) that replaces every reference to the table, wherever the reference is, before the statement is
 * translated. Such a query must select every column under its own name.
 */
public interface TablePolicy
{
    /** Everything, as it is: authentication off, or Grove's own queries. */
    TablePolicy NONE = table -> Optional.empty();

    /** The query standing for {@code table}, empty when the caller sees the table whole. */
    Optional<String> relation(String table);

    /** Whether the caller may see that the datasource exists (catalog tables list only those). */
    default boolean visible(String datasource)
    {
        return true;
    }

    /** Whether row filters or column masks may apply to this caller at all. */
    default boolean restricts()
    {
        return false;
    }
}
