package dev.grove.query;

import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceRegistry;
import dev.grove.lookup.LookupManager;
import dev.grove.view.ViewManager;
import dev.grove.sql.CatalogTable;
import dev.grove.sql.SystemServer;
import dev.grove.sql.TableResolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Resolves SQL table names to datasources ({@code name} or {@code druid.name}) and lookups
 * ({@code lookup.name}, and the name in {@code LOOKUP(expr, 'name')}), case-sensitive as in Druid.
 */
public final class DatasourceTables
        implements TableResolver
{
    private static final String DRUID_SCHEMA = "druid";

    private static final String LOOKUP_SCHEMA = "lookup";

    private final DatasourceRegistry registry;
    private final LookupManager lookups;
    private final ViewManager views;
    private final Supplier<List<SystemServer>> servers;

    public DatasourceTables(DatasourceRegistry registry, LookupManager lookups, ViewManager views, Supplier<List<SystemServer>> servers)
    {
        this.servers = requireNonNull(servers, "servers is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.lookups = requireNonNull(lookups, "lookups is null");
        this.views = requireNonNull(views, "views is null");
    }

    @Override
    public List<CatalogTable> catalog()
    {
        List<CatalogTable> tables = new ArrayList<>();
        for (Datasource datasource : registry.list()) {
            tables.add(new CatalogTable(DRUID_SCHEMA, datasource.name(), "TABLE", columnTypes(datasource.name())));
        }
        for (String lookup : lookups.all().getOrDefault(LookupManager.DEFAULT_TIER, Map.of()).keySet()) {
            tables.add(new CatalogTable(LOOKUP_SCHEMA, lookup, "TABLE", Map.of("k", "VARCHAR", "v", "VARCHAR")));
        }
        views.columns().forEach((view, columns) -> tables.add(new CatalogTable("view", view, "VIEW", columns)));
        return tables;
    }

    @Override
    public List<SystemServer> servers()
    {
        return servers.get();
    }

    @Override
    public Optional<String> viewSql(String name)
    {
        return views.sql(name);
    }

    @Override
    public Map<String, String> columnTypes(String engineTable)
    {
        if (lookups.isEngineTable(engineTable)) {
            return Map.of("k", "VARCHAR", "v", "VARCHAR");
        }
        Map<String, String> types = new LinkedHashMap<>();
        registry.get(engineTable).ifPresent(datasource -> {
            types.put(ColumnSpec.TIME_COLUMN, "TIMESTAMP");
            datasource.schema().columns().forEach(column -> types.put(column.name(), column.type().sqlType()));
        });
        return types;
    }

    @Override
    public boolean isDatasource(String engineTable)
    {
        return registry.get(engineTable).isPresent();
    }

    @Override
    public Optional<String> lookupTable(String name)
    {
        return lookups.engineTable(name);
    }

    @Override
    public Optional<String> resolve(List<String> names)
    {
        if (names.size() == 2 && names.get(0).equals(LOOKUP_SCHEMA)) {
            return lookups.engineTable(names.get(1));
        }
        if (names.size() == 2 && names.get(0).equals(DRUID_SCHEMA)) {
            return registry.get(names.get(1)).map(Datasource::name);
        }
        if (names.size() == 1) {
            return registry.get(names.get(0)).map(Datasource::name);
        }
        return Optional.empty();
    }
}
