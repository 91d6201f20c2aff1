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
    private static final Pattern PLACEHOLDER = Pattern.compile(":user\\b|:claims\\.([A-Za-z_][A-Za-z0-9_]*)");

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
        return rowFilterFor(new Principal(user, "none"));
    }

    /**
     * The filter for the caller: {@code :user} is its name and {@code :claims.NAME} its token's claim, as
     * string literals; a claim the caller's token lacks is NULL, which keeps no row.
     */
    Optional<String> rowFilterFor(Principal caller)
    {
        // one pass, so a value put in is never scanned for placeholders again
        return rowFilter.map(filter -> PLACEHOLDER.matcher(filter).replaceAll(placeholder -> Matcher.quoteReplacement(placeholder.group(1) == null
                ? SqlText.literal(caller.name())
                : Optional.ofNullable(caller.claims().get(placeholder.group(1))).map(SqlText::literal).orElse("CAST(NULL AS VARCHAR)"))));
    }
}
