package dev.grove.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * How long a query may run, how big its SQL and its result may be, and how many run at once; see
 * {@link ConfigKey} for what each means.
 */
public record QueryConfig(
        long timeoutMillis,
        int maxResultRows,
        long maxResultBytes,
        int maxSqlLength,
        int maxNestingDepth,
        int maxOperators,
        int maxExpressionNodes,
        int maxSelectItems,
        int maxInListItems,
        int maxConcurrent,
        int maxQueued,
        Map<String, Integer> lanes,
        long resultTtlMillis,
        long cleanupIntervalMillis,
        int asyncMaxJobs,
        long asyncMaxStoredBytes)
{
    public QueryConfig
    {
        lanes = Map.copyOf(requireNonNull(lanes, "lanes is null"));
        checkPositive(ConfigKey.QUERY_RESULT_TTL_MS, resultTtlMillis);
        checkPositive(ConfigKey.QUERY_CLEANUP_INTERVAL_MS, cleanupIntervalMillis);
        checkPositive(ConfigKey.QUERY_ASYNC_MAX_JOBS, asyncMaxJobs);
        checkPositive(ConfigKey.QUERY_ASYNC_MAX_STORED_BYTES, asyncMaxStoredBytes);
        checkPositive(ConfigKey.QUERY_TIMEOUT_MS, timeoutMillis);
        checkPositive(ConfigKey.QUERY_MAX_RESULT_ROWS, maxResultRows);
        checkPositive(ConfigKey.QUERY_MAX_RESULT_BYTES, maxResultBytes);
        checkPositive(ConfigKey.QUERY_MAX_SQL_LENGTH, maxSqlLength);
        checkPositive(ConfigKey.QUERY_MAX_NESTING_DEPTH, maxNestingDepth);
        checkPositive(ConfigKey.QUERY_MAX_OPERATORS, maxOperators);
        checkPositive(ConfigKey.QUERY_MAX_EXPRESSION_NODES, maxExpressionNodes);
        checkPositive(ConfigKey.QUERY_MAX_SELECT_ITEMS, maxSelectItems);
        checkPositive(ConfigKey.QUERY_MAX_IN_LIST_ITEMS, maxInListItems);
        if (maxConcurrent < 0) {
            throw new IllegalArgumentException(ConfigKey.QUERY_MAX_CONCURRENT.key() + " must be 0 or more, was " + maxConcurrent);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException(ConfigKey.QUERY_MAX_QUEUED.key() + " must be 0 or more, was " + maxQueued);
        }
    }

    /** Queries that run at once: {@link #maxConcurrent()}, or max(4, 2 × cores) when it is 0. */
    public int effectiveMaxConcurrent()
    {
        return maxConcurrent > 0 ? maxConcurrent : Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    }

    private static final Pattern LANE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Parses {@code grove.query.lanes}: {@code name:slots,...}; empty means no named lanes. */
    public static Map<String, Integer> parseLanes(String text)
    {
        Map<String, Integer> lanes = new LinkedHashMap<>();
        if (text.isBlank()) {
            return lanes;
        }
        for (String entry : text.split(",")) {
            String[] parts = entry.trim().split(":", -1);
            String form = ConfigKey.QUERY_LANES.key() + " must be a list of name:slots such as 'one:2,reports:1'";
            if (parts.length != 2 || !LANE_NAME.matcher(parts[0].trim()).matches()) {
                throw new IllegalArgumentException(form + " (names of letters, digits, '_', '.' or '-'), was '" + text + "'");
            }
            String name = parts[0].trim();
            int slots;
            try {
                slots = Integer.parseInt(parts[1].trim());
            }
            catch (NumberFormatException e) {
                throw new IllegalArgumentException(form + ", was '" + text + "'");
            }
            if (slots <= 0 || slots > 1024) {
                throw new IllegalArgumentException(ConfigKey.QUERY_LANES.key() + " lane '" + name + "' must reserve 1 to 1024 slots, was " + slots);
            }
            if (name.equals("default") || lanes.put(name, slots) != null) {
                throw new IllegalArgumentException(ConfigKey.QUERY_LANES.key() + " names lane '" + name + "' twice (or names 'default', which always exists)");
            }
        }
        return lanes;
    }

    private static void checkPositive(ConfigKey key, long value)
    {
        if (value <= 0) {
            throw new IllegalArgumentException(key.key() + " must be positive, was " + value);
        }
    }
}
