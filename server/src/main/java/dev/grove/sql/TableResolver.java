package dev.grove.sql;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a table name as written in SQL ({@code orders} or {@code druid.orders}) to the engine
 * table the caller may read. Everything the binder allows a query to read goes through here.
 */
@FunctionalInterface
public interface TableResolver
{
    Optional<String> resolve(List<String> names);

    /** Whether {@code engineTable} is a datasource (what access is checked on), rather than a lookup's table. */
    default boolean isDatasource(String engineTable)
    {
        return true;
    }

    /** {@code tables} narrowed to the one engine table {@code table}, by its own name: for the query a policy puts in its place. */
    static TableResolver only(TableResolver tables, String table)
    {
        return new TableResolver()
        {
            @Override
            public Optional<String> resolve(List<String> names)
            {
                return names.equals(List.of(table)) ? Optional.of(table) : Optional.empty();
            }

            @Override
            public Map<String, String> columnTypes(String engineTable)
            {
                return tables.columnTypes(engineTable);
            }
        };
    }

    /** The SQL type ({@code VARCHAR}, {@code BIGINT}, {@code DOUBLE}, {@code TIMESTAMP}) of each column of a resolved engine table. */
    default Map<String, String> columnTypes(String engineTable)
    {
        return Map.of();
    }

    /** Every table a query can name (datasources, lookups, views) with its columns, for {@code INFORMATION_SCHEMA}. */
    default List<CatalogTable> catalog()
    {
        return List.of();
    }

    /** The rows of {@code sys.servers}: this node. */
    default List<SystemServer> servers()
    {
        return List.of();
    }

    /** The SQL of the view {@code view.<name>}, if there is one. */
    default Optional<String> viewSql(String name)
    {
        return Optional.empty();
    }

    /** The engine table (columns {@code k}, {@code v}) of the lookup {@code name} that {@code LOOKUP(expr, 'name')} reads, if there is one. */
    default Optional<String> lookupTable(String name)
    {
        return Optional.empty();
    }
}
