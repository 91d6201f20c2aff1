package dev.grove.sql;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.SqlException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlPlannerTest
{
    private static final Instant NOW = Instant.parse("2026-11-23T07:30:00.123Z");
    private static final Set<String> DATASOURCES = Set.of("orders", "payments", "saga_events");
    private final SqlPlanner planner = new SqlPlanner(names -> {
        if (names.size() == 2 && !names.get(0).equals("druid")) {
            return Optional.empty();
        }
        String name = names.get(names.size() - 1);
        return DATASOURCES.contains(name) ? Optional.of(name) : Optional.empty();
    }, new SqlLimits(262_144, 100, 1000, 20_000, 2000, 10_000));

    private PlannedQuery plan(String sql)
    {
        return planner.plan(sql, List.of(), NOW);
    }

    @Test
    void unnamedColumnsAreNamedByPositionLikeDruid()
    {
        PlannedQuery query = plan("SELECT customerName, COUNT(*), SUM(totalAmount) AS revenue, 1 + 1 FROM orders GROUP BY 1");
        assertThat(query.columnNames()).containsExactly("customerName", "EXPR$1", "revenue", "EXPR$3");
    }

    @Test
    void starTakesTheEngineColumnNames()
    {
        assertThat(plan("SELECT * FROM orders").columnNames()).isEmpty();
    }

    @Test
    void currentTimestampIsFixedAtPlanningTime()
    {
        PlannedQuery query = plan("SELECT COUNT(*) FROM saga_events WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '1' HOUR");
        assertThat(query.duckDbSql()).contains("TIMESTAMP '2026-11-23 07:30:00.123'").contains("INTERVAL '1' HOUR").doesNotContain("CURRENT_TIMESTAMP");
    }

    @Test
    void timeFloorBecomesTimeBucketFromTheEpoch()
    {
        assertThat(plan("SELECT TIME_FLOOR(__time, 'PT1M'), COUNT(*) FROM orders GROUP BY 1").duckDbSql())
                .contains("time_bucket('1 minutes', \"__time\", TIMESTAMP '1970-01-01 00:00:00')");
        assertThat(plan("SELECT TIME_FLOOR(__time, 'P1W') FROM orders").duckDbSql()).contains("TIMESTAMP '1970-01-05 00:00:00'");
    }

    @Test
    void druidQualifiedTableNamesResolve()
    {
        assertThat(plan("SELECT COUNT(*) FROM druid.orders").duckDbSql()).contains("FROM \"orders\"");
    }

    @Test
    void syntaxErrorCarriesPosition()
    {
        assertThatThrownBy(() -> plan("SELECT FROM orders"))
                .isInstanceOfSatisfying(SqlException.class, e -> {
                    assertThat(e.code()).isEqualTo(GroveErrorCode.SQL_PARSE_ERROR);
                    assertThat(e.position()).isPresent();
                    assertThat(e.getMessage()).contains("line 1, column 8");
                });
    }

    @Test
    void reservedWordsWorkAsAliases()
    {
        PlannedQuery query = plan("SELECT service, COUNT(*) AS count, MAX(x) AS max FROM saga_events GROUP BY 1");
        assertThat(query.columnNames()).containsExactly("service", "count", "max");
    }

    @Test
    void errorPositionsReferToTheTextAsWritten()
    {
        assertThatThrownBy(() -> plan("SELECT COUNT(*) AS count, FROM orders"))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.position()).hasValue(new dev.grove.error.SqlPosition(1, 27)));
    }

    @Test
    void unknownTableIsRefused()
    {
        assertThatThrownBy(() -> plan("SELECT * FROM nope"))
                .isInstanceOf(SqlException.class)
                .hasMessageContaining("Object 'nope' not found");
        assertThatThrownBy(() -> plan("SELECT * FROM sys.orders")).hasMessageContaining("Object 'sys.orders' not found");
    }

    @Test
    void filesAndTableFunctionsAreRefused()
    {
        assertThatThrownBy(() -> plan("SELECT * FROM TABLE(read_csv('/etc/passwd'))"))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.code()).isEqualTo(GroveErrorCode.FORBIDDEN_SQL));
        assertThatThrownBy(() -> plan("SELECT * FROM \"/etc/passwd\"")).hasMessageContaining("not found");
        assertThatThrownBy(() -> plan("SELECT read_text('/etc/passwd') FROM orders")).hasMessageContaining("unknown function 'read_text'");
        assertThatThrownBy(() -> plan("SELECT APPROX_QUANTILE_DS(quantity, 0.5) FROM orders"))
                .hasMessageContaining("Druid's function 'APPROX_QUANTILE_DS' is not supported by Grove yet; docs/sql.md lists what is");
        assertThatThrownBy(() -> plan("SELECT COUNTT(*) FROM orders")).hasMessageContaining("unknown function 'COUNTT'; did you mean COUNT?");
        assertThatThrownBy(() -> plan("SELECT * FROM orders WHERE customerId IN (SELECT * FROM read_parquet('x.parquet'))"))
                .isInstanceOf(SqlException.class);
    }

    @Test
    void onlyQueriesAreAllowed()
    {
        assertThatThrownBy(() -> plan("INSERT INTO orders VALUES (1)"))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.code()).isEqualTo(GroveErrorCode.SQL_UNSUPPORTED));
        assertThatThrownBy(() -> plan("DELETE FROM orders")).isInstanceOf(SqlException.class);
    }

    @Test
    void withNamesAreTables()
    {
        PlannedQuery query = plan("WITH recent AS (SELECT * FROM orders) SELECT COUNT(*) FROM recent");
        assertThat(query.duckDbSql()).contains("\"recent\"");
    }

    @Test
    void seedQueriesTranslate()
    {
        String sql = """
                SELECT failureReason, paymentMethod, COUNT(*) AS failures, SUM(amount) AS lost_revenue
                FROM payments
                WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '7' DAY AND sagaStatus = 'FAILED'
                GROUP BY 1, 2
                ORDER BY 3 DESC
                LIMIT 10
                """;
        PlannedQuery query = plan(sql);
        assertThat(query.columnNames()).containsExactly("failureReason", "paymentMethod", "failures", "lost_revenue");
        assertThat(query.duckDbSql()).contains("LIMIT 10");
        System.out.println(query.duckDbSql());
    }
}
