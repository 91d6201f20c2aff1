package dev.grove.query;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceRegistry;
import dev.grove.sql.TableResolver;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Resolves SQL table names to datasources: {@code name} or {@code druid.name}, case-sensitive as in Druid.
 */
public final class DatasourceTables
        implements TableResolver
{
    private static final String DRUID_SCHEMA = "druid";

    private final DatasourceRegistry registry;

    public DatasourceTables(DatasourceRegistry registry)
    {
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public Optional<String> resolve(List<String> names)
    {
        if (names.size() == 2 && names.get(0).equals(DRUID_SCHEMA)) {
            return registry.get(names.get(1)).map(Datasource::name);
        }
        if (names.size() == 1) {
            return registry.get(names.get(0)).map(Datasource::name);
        }
        return Optional.empty();
    }
}
