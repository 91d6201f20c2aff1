package dev.grove.sql;

import java.util.List;
import java.util.Optional;

/**
 * Resolves a table name as written in SQL ({@code orders} or {@code druid.orders}) to the engine
 * table the caller may read. Everything the binder allows a query to read goes through here.
 */
@FunctionalInterface
public interface TableResolver
{
    Optional<String> resolve(List<String> names);
}
