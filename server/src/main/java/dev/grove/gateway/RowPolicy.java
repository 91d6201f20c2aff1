package dev.grove.gateway;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What one role sees of one datasource, beyond Druid's all-or-nothing READ: the rows its filter keeps
 * (a Druid SQL condition, in which {@code :user} stands for the caller's user name) and its masked
 * columns. A role with READ and no policy sees the whole datasource.
 */
public record RowPolicy(String role, String datasource, Optional<String> rowFilter, Map<String, ColumnMask> columnMasks)
{
    public static final String USER_PLACEHOLDER = ":user";
    private static final Pattern USER = Pattern.compile(":user\\b");

    public RowPolicy
    {
        requireNonNull(role, "role is null");
        requireNonNull(datasource, "datasource is null");
        rowFilter = requireNonNull(rowFilter, "rowFilter is null").filter(filter -> !filter.isBlank());
        columnMasks = new TreeMap<>(requireNonNull(columnMasks, "columnMasks is null"));
    }

    /** The filter for {@code user}: {@code :user} replaced by the user name as a string literal. */
    Optional<String> rowFilterFor(String user)
    {
        return rowFilter.map(filter -> USER.matcher(filter).replaceAll(Matcher.quoteReplacement(SqlText.literal(user))));
    }
}
