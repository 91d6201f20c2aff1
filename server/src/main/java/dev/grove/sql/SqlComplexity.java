package dev.grove.sql;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.SqlException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

import java.util.ArrayDeque;
import java.util.Deque;

import static java.util.Objects.requireNonNull;

/**
 * Enforces {@link SqlLimits}: {@link #checkText} scans the raw text before Calcite sees it (length,
 * parenthesis depth, operator count), {@link #checkTree} walks the parsed statement without
 * recursion (nodes, depth, SELECT and IN list sizes) and counts its {@code ?} placeholders.
 *
 * <p>Immutable and thread-safe.
 */
final class SqlComplexity
{
    private final SqlLimits limits;

    SqlComplexity(SqlLimits limits)
    {
        this.limits = requireNonNull(limits, "limits is null");
    }

    void checkText(String sql)
    {
        if (sql.length() > limits.maxSqlLength()) {
            throw tooComplex("Query is " + sql.length() + " characters long, more than the " + limits.maxSqlLength()
                    + " allowed (grove.query.maxSqlLength); shorten it, e.g. filter on a column instead of listing values");
        }
        int depth = 0;
        int operators = 0;
        int length = sql.length();
        for (int i = 0; i < length; i++) {
            char c = sql.charAt(i);
            switch (c) {
                case '\'', '"' -> i = skipQuoted(sql, i, c);
                case '-' -> {
                    if (i + 1 < length && sql.charAt(i + 1) == '-') {
                        int end = sql.indexOf('\n', i);
                        i = end < 0 ? length : end;
                    }
                    else {
                        operators++;
                    }
                }
                case '/' -> {
                    if (i + 1 < length && sql.charAt(i + 1) == '*') {
                        int end = sql.indexOf("*/", i + 2);
                        i = end < 0 ? length : end + 1;
                    }
                    else {
                        operators++;
                    }
                }
                case '(' -> {
                    depth++;
                    if (depth > limits.maxNestingDepth()) {
                        throw tooDeep();
                    }
                }
                case ')' -> depth--;
                case '+', '*', '%', '=', '<', '>' -> {
                    if (i == 0 || "<>=!|".indexOf(sql.charAt(i - 1)) < 0) {
                        operators++;
                    }
                }
                default -> {
                    if ((c == 'O' || c == 'o' || c == 'A' || c == 'a') && isKeyword(sql, i)) {
                        operators++;
                    }
                }
            }
            if (operators > limits.maxOperators()) {
                throw tooComplex("Query has more than " + limits.maxOperators() + " operators (OR, AND, comparisons, arithmetic; grove.query.maxOperators); "
                        + "write long lists of alternatives as IN (...) instead of OR chains");
            }
        }
    }

    /** Checks the parsed statement; returns the number of {@code ?} placeholders in it. */
    int checkTree(SqlNode statement)
    {
        Deque<SqlNode> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        nodes.push(statement);
        depths.push(1);
        int count = 0;
        int placeholders = 0;
        while (!nodes.isEmpty()) {
            SqlNode node = nodes.pop();
            int depth = depths.pop();
            if (++count > limits.maxExpressionNodes()) {
                throw tooComplex("Query has more than " + limits.maxExpressionNodes() + " expression nodes (grove.query.maxExpressionNodes); simplify it or split it into several queries");
            }
            if (node instanceof SqlDynamicParam) {
                placeholders++;
            }
            if (node instanceof SqlSelect select && select.getSelectList() != null && select.getSelectList().size() > limits.maxSelectItems()) {
                throw SqlBinder.invalid(select, GroveErrorCode.SQL_TOO_COMPLEX, "SELECT has " + select.getSelectList().size() + " items, more than the "
                        + limits.maxSelectItems() + " allowed (grove.query.maxSelectItems); select fewer columns");
            }
            if (node instanceof SqlCall call && (call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN)
                    && call.operandCount() == 2 && call.operand(1) instanceof SqlNodeList list && list.size() > limits.maxInListItems()) {
                throw SqlBinder.invalid(call, GroveErrorCode.SQL_TOO_COMPLEX, "IN list has " + list.size() + " values, more than the "
                        + limits.maxInListItems() + " allowed (grove.query.maxInListItems); filter on a range or split the query");
            }
            // a chain of the same operator (a OR b OR c) is one level of nesting, as the user wrote it
            Iterable<SqlNode> children = node instanceof SqlNodeList list ? list : node instanceof SqlCall call ? call.getOperandList() : java.util.List.of();
            for (SqlNode child : children) {
                if (child != null) {
                    boolean sameChain = node instanceof SqlCall parent && child instanceof SqlCall inner && parent.getKind() == inner.getKind()
                            && (parent.getKind() == SqlKind.OR || parent.getKind() == SqlKind.AND || parent.getKind() == SqlKind.PLUS || parent.getKind() == SqlKind.TIMES);
                    int childDepth = sameChain || node instanceof SqlNodeList ? depth : depth + 1;
                    if (childDepth > limits.maxNestingDepth()) {
                        throw tooDeep();
                    }
                    nodes.push(child);
                    depths.push(childDepth);
                }
            }
        }
        return placeholders;
    }

    private static int skipQuoted(String sql, int start, char quote)
    {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return sql.length();
    }

    /** OR or AND as a whole word at {@code i}. */
    private static boolean isKeyword(String sql, int i)
    {
        if (i > 0 && isWordChar(sql.charAt(i - 1))) {
            return false;
        }
        int end = sql.regionMatches(true, i, "OR", 0, 2) ? i + 2 : sql.regionMatches(true, i, "AND", 0, 3) ? i + 3 : -1;
        return end > 0 && (end == sql.length() || !isWordChar(sql.charAt(end)));
    }

    private static boolean isWordChar(char c)
    {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    static SqlException tooDeep()
    {
        return new SqlException(GroveErrorCode.SQL_TOO_COMPLEX, "Query is too deeply nested (grove.query.maxNestingDepth); flatten nested expressions or subqueries");
    }

    private static SqlException tooComplex(String message)
    {
        return new SqlException(GroveErrorCode.SQL_TOO_COMPLEX, message);
    }
}
