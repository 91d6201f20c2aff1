package dev.grove.bench;

import dev.grove.sql.SqlLimits;
import dev.grove.sql.SqlPlanner;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Times planning (limit checks, Calcite parse, bind, DuckDB SQL) of the largest statements the default
 * {@link SqlLimits} allow, and of the hardening issue's statements, which the limits refuse. Prints the
 * first (cold JVM) and the fifth (warm) run of each. Run with {@code bench/run-sql-limits.sh}.
 */
public final class SqlPlanningBenchmark
{
    private SqlPlanningBenchmark() {}

    public static void main(String[] args)
    {
        SqlPlanner planner = new SqlPlanner(names -> Optional.of("t"), new SqlLimits(262_144, 100, 1000, 20_000, 2000, 10_000));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("OR chain, 1000 operators (500 'x = n' OR'ed)", "SELECT 1 FROM t WHERE " + join(500, i -> "x = " + i, " OR "));
        cases.put("OR chain, 1000 ORs", "SELECT 1 FROM t WHERE " + join(1001, i -> "x", " OR "));
        cases.put("arithmetic chain, 1000 '+'", "SELECT " + join(1001, i -> "1", "+"));
        cases.put("IN list, 10000 numbers", "SELECT 1 FROM t WHERE x IN (" + join(10_000, i -> Integer.toString(1_000_000 + i), ",") + ")");
        cases.put("IN list, 9000 strings (~240k chars)", "SELECT 1 FROM t WHERE x IN (" + join(9000, i -> "'abcdefghijklmnopqrst" + i + "'", ",") + ")");
        cases.put("nested parentheses, depth 100", "SELECT " + "(".repeat(100) + "1" + ")".repeat(100));
        cases.put("nested CASE, depth 40", "SELECT " + "CASE WHEN x = 1 THEN ".repeat(40) + "1" + " END".repeat(40) + " FROM t");
        cases.put("SELECT list, 2000 items", "SELECT " + "x,".repeat(1999) + "x FROM t");
        cases.put("string literal, 262000 chars", "SELECT '" + "a".repeat(262_000) + "'");
        cases.put("refused: SELECT 1,1,... 1M terms", "SELECT " + "1,".repeat(999_999) + "1");
        cases.put("refused: 100k ORs", "SELECT 1 FROM t WHERE " + join(100_000, i -> "x = " + i, " OR "));
        cases.put("refused: 100k nested parentheses", "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000));
        System.out.println("| statement | chars | cold ms | warm ms | outcome |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, String> entry : cases.entrySet()) {
            long cold = 0;
            long warm = 0;
            String outcome = "planned";
            for (int round = 0; round < 5; round++) {
                long started = System.nanoTime();
                try {
                    planner.plan(entry.getValue(), List.of(), Instant.EPOCH);
                }
                catch (RuntimeException e) {
                    outcome = "refused: " + e.getMessage().substring(0, Math.min(50, e.getMessage().length())) + "...";
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                cold = round == 0 ? millis : cold;
                warm = millis;
            }
            System.out.printf("| %s | %d | %d | %d | %s |%n", entry.getKey(), entry.getValue().length(), cold, warm, outcome);
        }
    }

    private static String join(int count, java.util.function.IntFunction<String> item, String separator)
    {
        return IntStream.range(0, count).mapToObj(item).collect(Collectors.joining(separator));
    }
}
