package dev.grove.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random Druid SQL from a small grammar over the fuzz datasources ({@code s}, {@code n}, {@code l},
 * {@code d}, {@code __time}): select lists, aggregates, WHERE with AND/OR/NOT/IN/BETWEEN/LIKE, GROUP BY,
 * ORDER BY, LIMIT, subqueries, joins, VALUES, CASE, casts, literals of every kind and time functions. Most
 * queries are valid; many are not, on purpose. Not thread-safe.
 */
final class SqlGenerator
{
    private static final List<String> TABLES = List.of("fz_iso", "fz_millis", "fz_posix", "fz_auto");
    private static final List<String> COLUMNS = List.of("s", "n", "l", "d", "__time");
    private static final List<String> TYPES = List.of("BIGINT", "DOUBLE", "VARCHAR", "TIMESTAMP", "DATE", "BOOLEAN", "INTEGER", "FLOAT", "REAL", "DECIMAL(10, 2)", "CHAR");
    private static final List<String> LITERALS = List.of(
            "0", "1", "-1", "1.5", "-0.0", "1e10", "1e400", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "99999999999999999999", "'a'", "''", "'it''s'", "'\u00e9\u4e2d\ud83d\ude00'", "u&'\\0041'", "U&'\\00e9\\+01F600'", "u&'\\zzzz'",
            "E'\\x41'", "e'\\n\\t'", "$$abc$$", "$tag$x$tag$", "'a\u0000b'", "TRUE", "FALSE", "NULL", "UNKNOWN",
            "TIMESTAMP '2026-11-23 07:00:00'", "TIMESTAMP '2026-11-23T07:00:00Z'", "TIMESTAMP 'zzz'", "DATE '2026-11-23'", "DATE '2026-02-30'",
            "INTERVAL '1' HOUR", "INTERVAL '1' DAY", "X'00ff'", "N'national'", "_UTF8'x'", "'2026-11-23'", "CURRENT_TIMESTAMP", "CURRENT_DATE");
    private static final List<String> PERIODS = List.of("'PT1H'", "'PT1M'", "'P1D'", "'P1W'", "'P1M'", "'P3M'", "'P1Y'", "'PT0.750S'", "'PT0S'", "'P0D'", "'x'", "''", "'P-1D'", "'PT100000000000H'");
    private static final List<String> UNITS = List.of("SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR");

    private final RandomGenerator random;
    private int parameters;

    SqlGenerator(RandomGenerator random)
    {
        this.random = random;
    }

    /** A query and how many {@code ?} placeholders it holds. */
    record Query(String sql, int parameters) {}

    Query next()
    {
        parameters = 0;
        return new Query(query(0), parameters);
    }

    private String query(int depth)
    {
        StringBuilder sql = new StringBuilder("SELECT ");
        if (random.nextInt(10) == 0) {
            sql.append("DISTINCT ");
        }
        boolean aggregate = random.nextBoolean();
        List<String> items = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String item = aggregate && random.nextBoolean() ? aggregate(depth) : expression(depth + 1);
            items.add(random.nextInt(3) == 0 ? item + " AS c" + i : item);
        }
        if (random.nextInt(15) == 0) {
            items = List.of("*");
        }
        sql.append(String.join(", ", items)).append(" FROM ").append(from(depth));
        if (random.nextInt(3) > 0) {
            sql.append(" WHERE ").append(condition(depth + 1));
        }
        if (aggregate && random.nextBoolean()) {
            sql.append(" GROUP BY ").append(random.nextBoolean() ? "1" : pick(COLUMNS));
            if (random.nextInt(4) == 0) {
                sql.append(" HAVING COUNT(*) > ").append(random.nextInt(3));
            }
        }
        if (random.nextInt(3) == 0) {
            sql.append(" ORDER BY ").append(random.nextBoolean() ? Integer.toString(1 + random.nextInt(count)) : pick(COLUMNS)).append(random.nextBoolean() ? " DESC" : "");
        }
        if (random.nextInt(3) == 0) {
            sql.append(" LIMIT ").append(counted(pick(List.of("0", "1", "10", "100000", "9223372036854775807", "-1", "?"))));
            if (random.nextInt(5) == 0) {
                sql.append(" OFFSET ").append(random.nextInt(5));
            }
        }
        return sql.toString();
    }

    private String from(int depth)
    {
        int choice = random.nextInt(10);
        if (choice == 0 && depth < 2) {
            return "(" + query(depth + 1) + ") t";
        }
        if (choice == 1 && depth < 2) {
            String join = pick(List.of("JOIN", "LEFT JOIN", "INNER JOIN", "RIGHT JOIN", "FULL JOIN", "CROSS JOIN", "ASOF JOIN"));
            String right = random.nextBoolean() ? pick(TABLES) : "(SELECT s, l FROM " + pick(TABLES) + " LIMIT 5)";
            return pick(TABLES) + " a " + join + " " + right + " b" + (join.equals("CROSS JOIN") ? "" : " ON a.s = b.s");
        }
        if (choice == 2) {
            // VALUES once overflowed the binder's stack (a dropped HTTP connection, gRPC UNKNOWN)
            return "(VALUES (1), (2)) t(x)";
        }
        if (choice == 3) {
            return pick(List.of("druid." + pick(TABLES), "\"" + pick(TABLES) + "\"", "INFORMATION_SCHEMA.COLUMNS", "sys.segments", "nope", "lookup.x"));
        }
        return pick(TABLES);
    }

    private String aggregate(int depth)
    {
        String argument = random.nextInt(4) == 0 ? expression(depth + 1) : pick(COLUMNS);
        return switch (random.nextInt(9)) {
            case 0 -> "COUNT(*)";
            case 1 -> "COUNT(DISTINCT " + argument + ")";
            case 2 -> "SUM(" + argument + ")";
            case 3 -> "MIN(" + argument + ")";
            case 4 -> "MAX(" + argument + ")";
            case 5 -> "AVG(" + argument + ")";
            case 6 -> "APPROX_COUNT_DISTINCT(" + argument + ")";
            case 7 -> "COUNT(" + argument + ") FILTER (WHERE " + condition(depth + 1) + ")";
            default -> "EARLIEST(" + argument + ")";
        };
    }

    private String expression(int depth)
    {
        if (depth > 4) {
            return random.nextBoolean() ? pick(COLUMNS) : pick(LITERALS);
        }
        return switch (random.nextInt(14)) {
            case 0, 1, 2 -> pick(COLUMNS);
            case 3, 4 -> pick(LITERALS);
            case 5 -> expression(depth + 1) + " " + pick(List.of("+", "-", "*", "/", "%", "||")) + " " + expression(depth + 1);
            case 6 -> "CASE WHEN " + condition(depth + 1) + " THEN " + expression(depth + 1) + " ELSE " + expression(depth + 1) + " END";
            case 7 -> "CAST(" + expression(depth + 1) + " AS " + pick(TYPES) + ")";
            case 8 -> time(depth);
            case 9 -> parameter();
            case 10 -> pick(List.of("UPPER", "LOWER", "LENGTH", "ABS", "FLOOR", "CEIL", "TRIM", "REVERSE", "SQRT", "LN")) + "(" + expression(depth + 1) + ")";
            case 11 -> pick(List.of("SUBSTRING(", "STRPOS(", "CONCAT(", "COALESCE(", "NULLIF(", "GREATEST(", "POWER(", "MOD(")) + expression(depth + 1) + ", " + expression(depth + 1) + ")";
            case 12 -> "(" + expression(depth + 1) + ")";
            default -> "(SELECT MAX(l) FROM " + pick(TABLES) + ")";
        };
    }

    private String time(int depth)
    {
        return switch (random.nextInt(9)) {
            case 0 -> "TIME_FLOOR(__time, " + pick(PERIODS) + ")";
            case 1 -> "FLOOR(__time TO " + pick(UNITS) + ")";
            case 2 -> "CEIL(__time TO " + pick(UNITS) + ")";
            case 3 -> "CURRENT_TIMESTAMP";
            case 4 -> "EXTRACT(" + pick(UNITS) + " FROM " + pick(List.of("__time", "CURRENT_TIMESTAMP", expression(depth + 1))) + ")";
            case 5 -> "MILLIS_TO_TIMESTAMP(" + pick(List.of("l", "n", "9223372036854775807", "-1", expression(depth + 1))) + ")";
            case 6 -> "TIMESTAMP_TO_MILLIS(" + pick(List.of("__time", "CURRENT_TIMESTAMP", expression(depth + 1))) + ")";
            case 7 -> "DATE_TRUNC('" + pick(List.of("hour", "day", "month", "year", "nope")) + "', __time)";
            default -> "__time " + pick(List.of("+", "-")) + " INTERVAL '" + pick(List.of("1", "-1", "100000", "999999999")) + "' " + pick(UNITS);
        };
    }

    private String condition(int depth)
    {
        if (depth > 4) {
            return pick(COLUMNS) + " IS NOT NULL";
        }
        return switch (random.nextInt(11)) {
            case 0 -> condition(depth + 1) + " AND " + condition(depth + 1);
            case 1 -> condition(depth + 1) + " OR " + condition(depth + 1);
            case 2 -> "NOT (" + condition(depth + 1) + ")";
            case 3 -> pick(COLUMNS) + (random.nextBoolean() ? " NOT" : "") + " IN (" + pick(LITERALS) + ", " + pick(LITERALS) + ")";
            case 4 -> pick(COLUMNS) + " BETWEEN " + expression(depth + 1) + " AND " + expression(depth + 1);
            case 5 -> "s " + (random.nextBoolean() ? "NOT " : "") + "LIKE " + counted(pick(List.of("'s1%'", "'%'", "'_'", "'%\\%%' ESCAPE '\\'", "''", "?")));
            case 6 -> expression(depth + 1) + " IS " + pick(List.of("NULL", "NOT NULL", "TRUE", "FALSE"));
            case 7 -> "__time " + pick(List.of(">=", "<", "=")) + " " + counted(pick(List.of("CURRENT_TIMESTAMP - INTERVAL '1' DAY", "TIMESTAMP '2026-01-01 00:00:00'", "?", "MILLIS_TO_TIMESTAMP(0)")));
            case 8 -> pick(COLUMNS) + " IN (SELECT " + pick(COLUMNS) + " FROM " + pick(TABLES) + ")";
            case 9 -> "EXISTS (SELECT 1 FROM " + pick(TABLES) + ")";
            default -> expression(depth + 1) + " " + pick(List.of("=", "<>", "!=", "<", "<=", ">", ">=")) + " " + expression(depth + 1);
        };
    }

    private String counted(String text)
    {
        return text.equals("?") ? parameter() : text;
    }

    private String parameter()
    {
        parameters++;
        return "?";
    }

    private <T> T pick(List<T> values)
    {
        return values.get(random.nextInt(values.size()));
    }
}
