package dev.grove.datasource;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.error.NearestNames;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import static java.util.Objects.requireNonNull;

/**
 * The datasources this node serves, by name (case-sensitive, like Druid). Thread-safe; readers on the
 * query path never block.
 */
public final class DatasourceRegistry
{
    private final ConcurrentSkipListMap<String, Datasource> datasources = new ConcurrentSkipListMap<>();

    public void put(Datasource datasource)
    {
        requireNonNull(datasource, "datasource is null");
        datasources.put(datasource.name(), datasource);
    }

    public void remove(String name)
    {
        datasources.remove(name);
    }

    public Optional<Datasource> get(String name)
    {
        return Optional.ofNullable(datasources.get(name));
    }

    /** The datasource, or DATASOURCE_NOT_FOUND naming the nearest existing name. */
    public Datasource getOrThrow(String name)
    {
        Datasource datasource = datasources.get(name);
        if (datasource == null) {
            throw new GroveException(GroveErrorCode.DATASOURCE_NOT_FOUND, "Datasource '" + name + "' does not exist"
                    + NearestNames.closest(name, datasources.keySet()).map(nearest -> "; did you mean '" + nearest + "'?").orElse(""));
        }
        return datasource;
    }

    /** Sorted by name. */
    public List<Datasource> list()
    {
        return List.copyOf(datasources.values());
    }
}
