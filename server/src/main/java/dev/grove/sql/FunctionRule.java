package dev.grove.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static java.util.Map.entry;

/**
 * The functions Druid SQL may call, and how each becomes DuckDB SQL. A function not listed here is
 * refused by the binder, which is also what keeps DuckDB's file-reading and system functions out of
 * reach of user SQL.
 */
enum FunctionRule
{
    /** Same name and arguments in DuckDB. */
    SAME,
    /** Same arguments, another name in DuckDB (see {@link #duckDbName}). */
    RENAMED,
    /** {@code TIME_FLOOR(ts, period[, origin[, tz]])} → {@code time_bucket}. */
    TIME_FLOOR,
    /** {@code CURRENT_TIMESTAMP} / {@code CURRENT_DATE}: a literal fixed at planning time, as Druid does. */
    PLANNING_TIME,
    /** {@code FLOOR(ts TO unit)} → {@code date_trunc}; plain numeric FLOOR stays as it is. */
    FLOOR,
    /** Written as DuckDB SQL with Druid's semantics by {@link DruidFunctions}. */
    REWRITTEN;

    /** The table itself, by group, in the order {@code docs/sql.md} lists them (generated from here by {@link SqlReference}). */
    private static final Map<String, Map<String, FunctionRule>> GROUPS = groups(
            entry("Aggregates", Map.ofEntries(
                    entry("COUNT", SAME), entry("SUM", SAME), entry("MIN", SAME), entry("MAX", SAME), entry("AVG", SAME),
                    entry("ANY_VALUE", REWRITTEN), entry("APPROX_COUNT_DISTINCT", RENAMED), entry("APPROX_COUNT_DISTINCT_BUILTIN", RENAMED),
                    entry("APPROX_COUNT_DISTINCT_DS_HLL", RENAMED), entry("APPROX_COUNT_DISTINCT_DS_THETA", RENAMED),
                    entry("EARLIEST", REWRITTEN), entry("EARLIEST_BY", REWRITTEN), entry("LATEST", REWRITTEN), entry("LATEST_BY", REWRITTEN),
                    entry("STRING_AGG", REWRITTEN), entry("LISTAGG", REWRITTEN), entry("ARRAY_AGG", REWRITTEN), entry("GROUPING", SAME),
                    entry("BIT_AND", SAME), entry("BIT_OR", SAME), entry("BIT_XOR", SAME))),
            entry("Numbers", Map.ofEntries(
                    entry("ABS", SAME), entry("CEIL", SAME), entry("CEILING", SAME), entry("FLOOR", FLOOR), entry("ROUND", SAME),
                    entry("POWER", SAME), entry("SQRT", SAME), entry("EXP", SAME), entry("LN", SAME), entry("LOG10", SAME),
                    entry("MOD", SAME), entry("SIGN", SAME), entry("GREATEST", SAME), entry("LEAST", SAME), entry("SAFE_DIVIDE", REWRITTEN),
                    entry("DIV", REWRITTEN), entry("LOG", REWRITTEN), entry("PARSE_LONG", REWRITTEN),
                    entry("BITWISE_AND", REWRITTEN), entry("BITWISE_OR", REWRITTEN), entry("BITWISE_XOR", REWRITTEN), entry("BITWISE_COMPLEMENT", REWRITTEN),
                    entry("BITWISE_SHIFT_LEFT", REWRITTEN), entry("BITWISE_SHIFT_RIGHT", REWRITTEN))),
            entry("Strings", Map.ofEntries(
                    entry("LOWER", SAME), entry("UPPER", SAME), entry("TRIM", SAME), entry("LTRIM", SAME), entry("RTRIM", SAME),
                    entry("LENGTH", SAME), entry("CHAR_LENGTH", SAME), entry("CHARACTER_LENGTH", SAME), entry("STRLEN", RENAMED),
                    entry("CONCAT", REWRITTEN), entry("TEXTCAT", REWRITTEN), entry("REPLACE", SAME), entry("REVERSE", SAME), entry("LPAD", REWRITTEN),
                    entry("RPAD", REWRITTEN), entry("BTRIM", REWRITTEN), entry("SUBSTRING", REWRITTEN), entry("SUBSTR", REWRITTEN), entry("STRPOS", SAME),
                    entry("POSITION", SAME), entry("LEFT", SAME), entry("RIGHT", SAME), entry("REGEXP_EXTRACT", REWRITTEN), entry("REGEXP_LIKE", REWRITTEN),
                    entry("CONTAINS_STRING", REWRITTEN), entry("ICONTAINS_STRING", REWRITTEN), entry("DECODE_BASE64_UTF8", REWRITTEN),
                    entry("LOOKUP", REWRITTEN))),
            entry("Nulls and types", Map.ofEntries(
                    entry("COALESCE", SAME), entry("NULLIF", SAME), entry("NVL", RENAMED), entry("NVL2", REWRITTEN), entry("CAST", REWRITTEN))),
            entry("Time", Map.ofEntries(
                    entry("TIME_FLOOR", TIME_FLOOR), entry("CURRENT_TIMESTAMP", PLANNING_TIME), entry("CURRENT_DATE", PLANNING_TIME),
                    entry("DATE_TRUNC", SAME), entry("MILLIS_TO_TIMESTAMP", REWRITTEN), entry("TIMESTAMP_TO_MILLIS", RENAMED), entry("EXTRACT", REWRITTEN),
                    entry("TIME_CEIL", REWRITTEN), entry("TIME_SHIFT", REWRITTEN), entry("TIME_EXTRACT", REWRITTEN), entry("TIME_PARSE", REWRITTEN),
                    entry("TIME_FORMAT", REWRITTEN), entry("TIME_IN_INTERVAL", REWRITTEN), entry("TIMESTAMPADD", REWRITTEN), entry("TIMESTAMPDIFF", REWRITTEN))),
            entry("Arrays", Map.ofEntries(
                    entry("SCALAR_IN_ARRAY", REWRITTEN), entry("ARRAY_CONTAINS", REWRITTEN), entry("ARRAY_OVERLAP", REWRITTEN), entry("ARRAY_LENGTH", REWRITTEN),
                    entry("ARRAY_OFFSET", REWRITTEN), entry("ARRAY_ORDINAL", REWRITTEN), entry("ARRAY_TO_STRING", REWRITTEN), entry("ARRAY_PREPEND", REWRITTEN),
                    entry("ARRAY_APPEND", REWRITTEN), entry("ARRAY_CONCAT", REWRITTEN), entry("STRING_TO_ARRAY", REWRITTEN))),
            entry("Multi-value strings (on single-valued strings)", Map.ofEntries(
                    entry("MV_CONTAINS", REWRITTEN), entry("MV_OVERLAP", REWRITTEN), entry("MV_TO_ARRAY", REWRITTEN), entry("MV_LENGTH", REWRITTEN),
                    entry("MV_TO_STRING", REWRITTEN), entry("MV_FILTER_ONLY", REWRITTEN), entry("MV_FILTER_NONE", REWRITTEN),
                    entry("MV_FILTER_PREFIX", REWRITTEN), entry("MV_FILTER_REGEX", REWRITTEN))));

    private static final Map<String, FunctionRule> RULES = GROUPS.values().stream()
            .flatMap(group -> group.entrySet().stream())
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private static final Map<String, String> DUCKDB_NAMES = Map.of(
            "APPROX_COUNT_DISTINCT", "approx_count_distinct",
            "APPROX_COUNT_DISTINCT_BUILTIN", "approx_count_distinct",
            "APPROX_COUNT_DISTINCT_DS_HLL", "approx_count_distinct",
            "APPROX_COUNT_DISTINCT_DS_THETA", "approx_count_distinct",
            "STRLEN", "length",
            "NVL", "coalesce",
            "TIMESTAMP_TO_MILLIS", "epoch_ms");

    static Optional<FunctionRule> forName(String name)
    {
        return Optional.ofNullable(RULES.get(name.toUpperCase(Locale.ROOT)));
    }

    /** Every function, by group, each group sorted by name. */
    /** Every function name Grove knows. */
    static Set<String> names()
    {
        return RULES.keySet();
    }

    /** Whether the function aggregates rows. */
    static boolean isAggregate(String name)
    {
        return GROUPS.get("Aggregates").containsKey(name.toUpperCase(Locale.ROOT));
    }

    static Map<String, Map<String, FunctionRule>> byGroup()
    {
        return GROUPS;
    }

    @SafeVarargs
    private static Map<String, Map<String, FunctionRule>> groups(Map.Entry<String, Map<String, FunctionRule>>... groups)
    {
        Map<String, Map<String, FunctionRule>> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, FunctionRule>> group : groups) {
            ordered.put(group.getKey(), Collections.unmodifiableMap(new TreeMap<>(group.getValue())));
        }
        return Collections.unmodifiableMap(ordered);
    }

    static String duckDbName(String name)
    {
        String duckDbName = DUCKDB_NAMES.get(name.toUpperCase(Locale.ROOT));
        if (duckDbName == null) {
            throw new IllegalArgumentException("No DuckDB name for " + name);
        }
        return duckDbName;
    }
}
