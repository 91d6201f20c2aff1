package dev.grove.config;

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
        int maxQueued)
{
    public QueryConfig
    {
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

    private static void checkPositive(ConfigKey key, long value)
    {
        if (value <= 0) {
            throw new IllegalArgumentException(key.key() + " must be positive, was " + value);
        }
    }
}
