package dev.grove.datasource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A datasource's columns: the timestamp (which becomes {@code __time}), dimensions and metrics.
 * Column names must differ ignoring case, because the engine resolves identifiers that way.
 */
public record DatasourceSchema(TimestampSpec timestamp, List<ColumnSpec> dimensions, List<ColumnSpec> metrics)
{
    public DatasourceSchema
    {
        requireNonNull(timestamp, "timestamp is null");
        dimensions = List.copyOf(requireNonNull(dimensions, "dimensions is null"));
        metrics = List.copyOf(requireNonNull(metrics, "metrics is null"));
        Set<String> seen = new HashSet<>();
        for (ColumnSpec column : concat(dimensions, metrics)) {
            if (!seen.add(column.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Column '" + column.name() + "' is declared twice (names are compared ignoring case)");
            }
        }
        for (ColumnSpec metric : metrics) {
            if (!metric.type().isNumeric()) {
                throw new IllegalArgumentException("Metric '" + metric.name() + "' must be LONG or DOUBLE, not " + metric.type());
            }
        }
    }

    /** Dimensions then metrics, in declaration order ({@code __time} excluded). */
    public List<ColumnSpec> columns()
    {
        return concat(dimensions, metrics);
    }

    private static List<ColumnSpec> concat(List<ColumnSpec> first, List<ColumnSpec> second)
    {
        List<ColumnSpec> all = new ArrayList<>(first.size() + second.size());
        all.addAll(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
