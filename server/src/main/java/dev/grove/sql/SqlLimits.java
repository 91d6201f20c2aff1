package dev.grove.sql;

/**
 * How big and complex one SQL statement may be. Calcite's parser is recursive and slows down
 * quadratically on long operator chains, and DuckDB's prepare grows with the number of expressions,
 * both before any timeout or memory limit applies, so these bound that work up front.
 * Defaults and their measurements: {@code docs/benchmarks.md}.
 *
 * @param maxSqlLength most characters in the SQL text
 * @param maxNestingDepth most nested parentheses, and most levels of nested expressions and queries
 * @param maxOperators most operators (OR, AND, comparisons, arithmetic) in the text, counted before parsing
 * @param maxExpressionNodes most nodes (identifiers, literals, calls, ...) in the parsed statement
 * @param maxSelectItems most items in one SELECT list
 * @param maxInListItems most values in one IN (...) list
 */
public record SqlLimits(int maxSqlLength, int maxNestingDepth, int maxOperators, int maxExpressionNodes, int maxSelectItems, int maxInListItems)
{
    public SqlLimits
    {
        checkPositive("maxSqlLength", maxSqlLength);
        checkPositive("maxNestingDepth", maxNestingDepth);
        checkPositive("maxOperators", maxOperators);
        checkPositive("maxExpressionNodes", maxExpressionNodes);
        checkPositive("maxSelectItems", maxSelectItems);
        checkPositive("maxInListItems", maxInListItems);
    }

    private static void checkPositive(String name, int value)
    {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
