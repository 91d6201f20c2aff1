package dev.grove.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code docs/sql.md} from the code: the functions come from {@link FunctionRule}'s table, the
 * operators from {@link #OPERATORS} (each example is planned by a test, so none is listed that the binder
 * refuses), and the Druid functions not supported yet from {@link #NOT_YET_SUPPORTED}, minus any that
 * have since gained a rule. {@code SqlReferenceTest} fails when the file differs; run {@link #main} (or the
 * test with {@code -Dgrove.docs.write=true}) to regenerate it. Stateless.
 */
public final class SqlReference
{
    /** How to regenerate the page, as the failing test and the page itself say. */
    public static final String REGENERATE = "./mvnw -B -ntp -q -pl server -am verify -Dtest=SqlReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dgrove.docs.write=true";

    /** An operator or piece of syntax, and an example query using it over the {@code orders} datasource. */
    public record Operator(String syntax, String meaning, String example) {}

    public static final List<Operator> OPERATORS = List.of(
            new Operator("`+` `-` `*` `/`", "arithmetic", "SELECT totalAmount * 2 + 1 - quantity / 2 FROM orders"),
            new Operator("`=` `<>` `!=` `<` `<=` `>` `>=`", "comparison",
                    "SELECT COUNT(*) FROM orders WHERE quantity = 1 OR quantity <> 2 OR quantity != 3 OR quantity < 4 OR quantity <= 5 OR quantity > 6 OR quantity >= 7"),
            new Operator("`AND` `OR` `NOT`", "logic", "SELECT COUNT(*) FROM orders WHERE NOT (quantity > 1 AND totalAmount < 10) OR customerName = 'a'"),
            new Operator("`IS NULL` `IS NOT NULL`", "null tests", "SELECT COUNT(*) FROM orders WHERE customerName IS NOT NULL AND failureReason IS NULL"),
            new Operator("`IS TRUE` `IS FALSE` `IS NOT TRUE` `IS NOT FALSE`", "boolean tests", "SELECT COUNT(*) FROM orders WHERE (quantity > 1) IS TRUE"),
            new Operator("`IS DISTINCT FROM` `IS NOT DISTINCT FROM`", "null-safe comparison", "SELECT COUNT(*) FROM orders WHERE customerName IS DISTINCT FROM 'a'"),
            new Operator("`BETWEEN` `NOT BETWEEN`", "ranges, bounds included", "SELECT COUNT(*) FROM orders WHERE quantity BETWEEN 1 AND 5"),
            new Operator("`IN (...)` `NOT IN (...)`", "lists (at most `grove.query.maxInListItems` values) and subqueries",
                    "SELECT COUNT(*) FROM orders WHERE sagaStatus IN ('COMPLETED', 'FAILED') AND customerName NOT IN (SELECT customerName FROM payments)"),
            new Operator("`EXISTS`", "subquery test", "SELECT COUNT(*) FROM orders WHERE EXISTS (SELECT 1 FROM payments)"),
            new Operator("`LIKE` `NOT LIKE` (`ESCAPE`)", "patterns with `%` and `_`", "SELECT COUNT(*) FROM orders WHERE customerName LIKE 'A%' AND customerName NOT LIKE '_b%'"),
            new Operator("`||`", "string concatenation", "SELECT customerName || '-' || sagaStatus FROM orders"),
            new Operator("`CASE WHEN ... THEN ... ELSE ... END`, `CASE x WHEN ...`", "conditionals",
                    "SELECT CASE WHEN quantity > 1 THEN 'many' ELSE 'one' END, CASE sagaStatus WHEN 'FAILED' THEN 1 ELSE 0 END FROM orders"),
            new Operator("`CAST(x AS type)`", "conversion", "SELECT CAST(quantity AS VARCHAR), CAST('1' AS BIGINT) FROM orders"),
            new Operator("`ts ± INTERVAL 'n' unit`", "time arithmetic (SECOND, MINUTE, HOUR, DAY, MONTH, YEAR)",
                    "SELECT COUNT(*) FROM orders WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '1' HOUR"),
            new Operator("`TIMESTAMP '...'`, `DATE '...'`", "time literals", "SELECT COUNT(*) FROM orders WHERE __time >= TIMESTAMP '2026-01-01 00:00:00'"),
            new Operator("`FLOOR(ts TO unit)`", "truncate a timestamp (SECOND ... YEAR)", "SELECT FLOOR(__time TO HOUR), COUNT(*) FROM orders GROUP BY 1"),
            new Operator("`COUNT(DISTINCT x)`, `AGG(...) FILTER (WHERE ...)`", "aggregate modifiers",
                    "SELECT COUNT(DISTINCT customerName), SUM(totalAmount) FILTER (WHERE sagaStatus = 'FAILED') FROM orders"),
            new Operator("`?`", "parameters (HTTP `parameters`, gRPC `parameters`)", "SELECT COUNT(*) FROM orders WHERE customerName = ?"),
            new Operator("`WITH`, subqueries, `JOIN`, `UNION ALL`", "over datasources",
                    "WITH big AS (SELECT * FROM orders WHERE quantity > 1) SELECT COUNT(*) FROM big JOIN payments ON big.sagaId = payments.sagaId"),
            new Operator("`GROUP BY` (names or ordinals), `HAVING`, `ORDER BY`, `LIMIT`, `OFFSET`", "clauses",
                    "SELECT customerName, COUNT(*) FROM orders GROUP BY 1 HAVING COUNT(*) > 1 ORDER BY 2 DESC LIMIT 10 OFFSET 5"));

    /** Druid SQL functions Grove refuses today ("unknown function"); one that gains a {@link FunctionRule} drops off the page by itself. */
    public static final List<String> NOT_YET_SUPPORTED = List.of(
            "TIME_CEIL", "TIME_SHIFT", "TIME_EXTRACT", "TIME_PARSE", "TIME_FORMAT", "TIME_IN_INTERVAL", "TIMESTAMPADD", "TIMESTAMPDIFF",
            "EARLIEST", "EARLIEST_BY", "LATEST", "LATEST_BY", "STRING_AGG", "LISTAGG", "ARRAY_AGG",
            "APPROX_COUNT_DISTINCT_BUILTIN", "APPROX_COUNT_DISTINCT_DS_HLL", "APPROX_COUNT_DISTINCT_DS_THETA", "APPROX_QUANTILE", "APPROX_QUANTILE_DS",
            "DS_HLL", "DS_THETA", "DS_QUANTILES_SKETCH", "BLOOM_FILTER", "BIT_AND", "BIT_OR", "BIT_XOR", "VARIANCE", "STDDEV",
            "LOOKUP", "REGEXP_EXTRACT", "REGEXP_LIKE", "REGEXP_REPLACE", "CONTAINS_STRING", "ICONTAINS_STRING", "TEXTCAT", "STRING_FORMAT", "BTRIM",
            "PARSE_LONG", "LOG", "TRUNCATE", "TRUNC", "DIV", "NVL2", "HUMAN_READABLE_BINARY_BYTE_FORMAT", "HUMAN_READABLE_DECIMAL_FORMAT",
            "MV_CONTAINS", "MV_OVERLAP", "MV_LENGTH", "MV_OFFSET", "MV_ORDINAL", "MV_TO_STRING", "MV_FILTER_ONLY", "MV_FILTER_NONE", "MV_SLICE",
            "ARRAY_CONTAINS", "ARRAY_OVERLAP", "ARRAY_LENGTH", "ARRAY_OFFSET", "ARRAY_ORDINAL", "ARRAY_TO_STRING", "ARRAY_CONCAT", "ARRAY_SLICE",
            "STRING_TO_ARRAY", "JSON_VALUE", "JSON_QUERY", "JSON_KEYS", "JSON_PATHS", "PARSE_JSON", "TO_JSON_STRING");

    private SqlReference() {}

    /** The page's text. */
    public static String markdown()
    {
        StringBuilder page = new StringBuilder();
        page.append("# Druid SQL in Grove\n\n")
                .append("<!-- Generated from FunctionRule and SqlReference; do not edit by hand. Regenerate with:\n")
                .append("     ").append(REGENERATE).append(" -->\n\n")
                .append("Grove accepts Apache Druid's SQL dialect over `POST /druid/v2/sql` and `druidGrpc.Query/SubmitQuery` and runs it on\n")
                .append("DuckDB. Only `SELECT` queries over datasources, with the functions and operators below, are accepted; anything else\n")
                .append("is refused with Druid's error JSON (an unknown function is a 400 `invalidInput`).\n\n");
        page.append("## Functions\n\n");
        FunctionRule.byGroup().forEach((group, rules) -> {
            page.append("### ").append(group).append("\n\n| function | in DuckDB |\n|---|---|\n");
            rules.forEach((name, rule) -> page.append("| `").append(name).append("` | ").append(translation(name, rule)).append(" |\n"));
            page.append('\n');
        });
        page.append("## Operators and syntax\n\n| operator | meaning | example |\n|---|---|---|\n");
        for (Operator operator : OPERATORS) {
            page.append("| ").append(operator.syntax()).append(" | ").append(operator.meaning()).append(" | `")
                    .append(operator.example().replace("|", "\\|")).append("` |\n");
        }
        page.append("\n## Druid SQL functions not supported yet\n\n")
                .append("These are refused with \"unknown function\" today; they arrive as the SQL issues land:\n\n");
        List<String> missing = NOT_YET_SUPPORTED.stream().filter(name -> FunctionRule.forName(name).isEmpty()).sorted().toList();
        page.append(String.join(", ", missing.stream().map(name -> "`" + name + "`").toList())).append(".\n\n")
                .append("Also not yet: native JSON queries (`POST /druid/v2` answers 501), most `sys` tables, time zones other than UTC,\n")
                .append("multi-value string columns (they hold their JSON text) and `UNNEST`.\n");
        return page.toString();
    }

    private static String translation(String name, FunctionRule rule)
    {
        return switch (rule) {
            case SAME -> "same name";
            case RENAMED -> "`" + FunctionRule.duckDbName(name) + "`";
            case TIME_FLOOR -> "`time_bucket`, periods `PT1S` ... `P1Y`, weeks from Monday as in Druid";
            case PLANNING_TIME -> "a literal fixed once at planning time (context `sqlCurrentTimestamp` overrides it), as in Druid";
            case FLOOR -> "`FLOOR(ts TO unit)` becomes `date_trunc`; numeric `FLOOR(x)` stays";
            case REWRITTEN -> DruidFunctions.describe(name);
        };
    }

    /** Writes the page: {@code SqlReference [path]}, by default {@code docs/sql.md} under the working directory. */
    public static void main(String[] args)
            throws IOException
    {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/sql.md");
        Files.writeString(target, markdown(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + target.toAbsolutePath());
    }
}
