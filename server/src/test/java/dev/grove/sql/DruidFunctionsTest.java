package dev.grove.sql;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.SqlException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How Druid functions, lookups, TABLE(APPEND) and the semantic context keys become DuckDB SQL, and
 * the errors for what they refuse. What the SQL returns is checked against a node in
 * {@code dev.grove.node.DruidSqlSemanticsEndToEndTest}.
 */
class DruidFunctionsTest
{
    private static final Instant NOW = Instant.parse("2000-01-01T00:00:00Z");
    private static final Set<String> DATASOURCES = Set.of("foo", "numfoo");
    private static final TableResolver TABLES = new TableResolver()
    {
        @Override
        public Optional<String> resolve(List<String> names)
        {
            if (names.size() == 2 && names.get(0).equals("lookup")) {
                return lookupTable(names.get(1));
            }
            String name = names.get(names.size() - 1);
            return DATASOURCES.contains(name) && (names.size() == 1 || names.get(0).equals("druid")) ? Optional.of(name) : Optional.empty();
        }

        @Override
        public Optional<String> lookupTable(String name)
        {
            return name.equals("lookyloo") ? Optional.of("lookup.lookyloo") : Optional.empty();
        }
    };
    private final SqlPlanner planner = new SqlPlanner(TABLES, new SqlLimits(262_144, 100, 1000, 20_000, 2000, 10_000));

    private String sql(String query)
    {
        return planner.plan(query, List.of(), NOW).duckDbSql();
    }

    private static SqlException refused(Runnable planning)
    {
        try {
            planning.run();
        }
        catch (SqlException e) {
            return e;
        }
        throw new AssertionError("expected the query to be refused");
    }

    @Test
    void earliestAndLatestKeepNullsAndUseTheRowTime()
    {
        assertThat(sql("SELECT EARLIEST(dim1, 10), LATEST(m1), EARLIEST_BY(m1, __time) FROM foo"))
                .contains("arg_min_null((\"dim1\"), \"__time\")").contains("arg_max_null((\"m1\"), \"__time\")")
                .contains("arg_min_null((\"m1\"), CAST((\"__time\") AS TIMESTAMP))");
    }

    @Test
    void aggregateTemplatesTakeFilterAndDistinct()
    {
        String query = sql("SELECT STRING_AGG(DISTINCT dim1, ',') FILTER (WHERE dim1 = 'a') FROM foo");
        assertThat(query).contains("string_agg(DISTINCT CAST((\"dim1\") AS VARCHAR), (',') ORDER BY CAST((\"dim1\") AS VARCHAR))FILTER (WHERE");
    }

    @Test
    void concatIsNullWhenAnArgumentIsNull()
    {
        assertThat(sql("SELECT CONCAT(dim1, 'x', cnt) FROM foo")).contains("CAST((\"dim1\") AS VARCHAR) || CAST(('x') AS VARCHAR) || CAST((\"cnt\") AS VARCHAR)");
    }

    @Test
    void castsOfColumnsNeverFailButLiteralsDo()
    {
        assertThat(sql("SELECT CAST(dim1 AS BIGINT), CAST('7' AS BIGINT), CAST(cnt AS VARCHAR) FROM foo"))
                .contains("TRY_CAST((\"dim1\") AS BIGINT)").contains("CAST('7' AS BIGINT)").doesNotContain("TRY_CAST('7'").contains("CAST(\"cnt\" AS VARCHAR)");
    }

    @Test
    void timeInIntervalBecomesAHalfOpenRange()
    {
        assertThat(sql("SELECT COUNT(*) FROM foo WHERE TIME_IN_INTERVAL(__time, '2000-01-01/P1Y')"))
                .contains(">= TIMESTAMP '2000-01-01 00:00:00.000000'").contains("< TIMESTAMP '2001-01-01 00:00:00.000000'");
        SqlException error = refused(() -> sql("SELECT COUNT(*) FROM foo WHERE TIME_IN_INTERVAL(__time, 'yesterday')"));
        assertThat(error.code()).isEqualTo(GroveErrorCode.SQL_VALIDATION_ERROR);
        assertThat(error.getMessage()).contains("not an ISO-8601 interval");
    }

    @Test
    void timeComparedWithAStringReadsItAsAnIsoTime()
    {
        assertThat(sql("SELECT COUNT(*) FROM foo WHERE __time >= '1999'")).contains("TIMESTAMP '1999-01-01 00:00:00.000000'");
    }

    @Test
    void lookupReadsTheLookupTableAndUnknownLookupsAreRefused()
    {
        assertThat(sql("SELECT LOOKUP(dim1, 'lookyloo', 'none') FROM foo"))
                .contains("COALESCE((SELECT \"v\" FROM \"lookup.lookyloo\" WHERE \"k\" = CAST((\"dim1\") AS VARCHAR))");
        assertThat(sql("SELECT l.v FROM foo JOIN lookup.lookyloo l ON foo.dim1 = l.k")).contains("\"lookup.lookyloo\" AS \"l\"");
        assertThat(sql("SELECT lookyloo.v FROM lookup.lookyloo")).contains("\"lookup.lookyloo\" AS \"lookyloo\"");
        SqlException error = refused(() -> sql("SELECT LOOKUP(dim1, 'nosuch') FROM foo"));
        assertThat(error.code()).isEqualTo(GroveErrorCode.SQL_VALIDATION_ERROR);
        assertThat(error.getMessage()).contains("Lookup [nosuch] not found");
        assertThat(refused(() -> sql("SELECT * FROM lookup.nosuch")).getMessage()).contains("Object 'lookup.nosuch' not found");
        assertThat(refused(() -> sql("SELECT LOOKUP(dim1, dim2) FROM foo")).getMessage()).contains("LOOKUP name must be a string literal");
    }

    @Test
    void appendUnionsDatasourcesByNameAndOnlyThose()
    {
        assertThat(sql("SELECT dim1 FROM TABLE(APPEND('foo', 'numfoo')) u")).contains("SELECT * FROM \"foo\" UNION ALL BY NAME SELECT * FROM \"numfoo\"");
        assertThat(refused(() -> sql("SELECT * FROM TABLE(APPEND('foo', 'secret'))")).getMessage()).contains("Table [secret] not found");
        assertThat(refused(() -> sql("SELECT * FROM TABLE(read_csv('x'))")).code()).isEqualTo(GroveErrorCode.FORBIDDEN_SQL);
    }

    @Test
    void distinctSumIsRefusedUnlessCountDistinctIsExact()
    {
        assertThat(refused(() -> sql("SELECT SUM(DISTINCT m1) FROM foo")).code()).isEqualTo(GroveErrorCode.SQL_UNSUPPORTED);
        assertThat(planner.plan("SELECT SUM(DISTINCT m1) FROM foo", List.of(), NOW, new SqlOptions(OptionalLong.empty(), false, java.time.ZoneOffset.UTC), () -> {}).duckDbSql())
                .contains("SUM(DISTINCT");
        assertThat(refused(() -> sql("SELECT COUNT(DISTINCT dim1) OVER () FROM foo")).getMessage()).contains("DISTINCT is not supported in window functions");
    }

    @Test
    void outerLimitWrapsTheStatement()
    {
        String query = planner.plan("SELECT dim1 FROM foo ORDER BY 1", List.of(), NOW, new SqlOptions(OptionalLong.of(2), true, java.time.ZoneOffset.UTC), () -> {}).duckDbSql();
        assertThat(query).startsWith("SELECT * FROM (").endsWith(") LIMIT 2");
        assertThat(SqlOptions.fromContext(Map.of("sqlOuterLimit", "5")).outerLimit()).hasValue(5);
        assertThatThrownBy(() -> SqlOptions.fromContext(Map.of("sqlOuterLimit", "-1"))).hasMessageContaining("sqlOuterLimit");
        assertThatThrownBy(() -> SqlOptions.fromContext(Map.of("useApproximateCountDistinct", "maybe"))).hasMessageContaining("useApproximateCountDistinct");
    }

    @Test
    void sessionTimeZoneWorksOnTheWallClock()
    {
        SqlOptions losAngeles = SqlOptions.fromContext(Map.of("sqlTimeZone", "America/Los_Angeles"));
        String query = planner.plan("SELECT EXTRACT(YEAR FROM FLOOR(__time TO YEAR)), COUNT(*) FROM foo WHERE __time < TIMESTAMP '2000-01-01 00:00:00' GROUP BY 1",
                List.of(), NOW, losAngeles, () -> {}).duckDbSql();
        assertThat(query).contains("date_trunc('year', timezone('America/Los_Angeles'").contains("TIMESTAMP '2000-01-01 08:00:00.000000'");
        assertThatThrownBy(() -> SqlOptions.fromContext(Map.of("sqlTimeZone", "Nowhere/Special"))).hasMessageContaining("is not a time zone");
    }

    @Test
    void multiValueFunctionsTreatAStringAsOneValue()
    {
        assertThat(sql("SELECT MV_CONTAINS(dim1, 'a'), MV_TO_ARRAY(dim1), MV_FILTER_PREFIX(dim1, 'b') FROM foo"))
                .contains("COALESCE((\"dim1\") = ('a'), false)").contains("ELSE [CAST((\"dim1\") AS VARCHAR)] END")
                .contains("CASE WHEN starts_with((\"dim1\"), ('b')) THEN (\"dim1\") END");
    }

    @Test
    void setStatementsBecomeContext()
    {
        SetStatements.Split split = SetStatements.split("SET useApproximateCountDistinct = FALSE; SET sqlTimeZone = 'UTC';\nSELECT 1");
        assertThat(split.query().trim()).isEqualTo("SELECT 1");
        assertThat(split.context()).containsEntry("useApproximateCountDistinct", false).containsEntry("sqlTimeZone", "UTC");
        assertThat(SetStatements.split("SELECT 1").context()).isEmpty();
    }

    @Test
    void wrongArgumentCountsAndUnsupportedShapesAreClear()
    {
        assertThat(refused(() -> sql("SELECT SAFE_DIVIDE(1) FROM foo")).getMessage()).contains("Invalid number of arguments to function 'SAFE_DIVIDE'");
        assertThat(refused(() -> sql("SELECT PARSE_LONG(dim1, 7) FROM foo")).code()).isEqualTo(GroveErrorCode.SQL_UNSUPPORTED);
        assertThat(refused(() -> sql("SELECT TIME_FORMAT(__time, 'yyyy', 'Mars/Olympus') FROM foo")).getMessage()).contains("is not a time zone");
        assertThat(sql("SELECT TIME_FORMAT(__time, 'yyyy', 'America/Los_Angeles') FROM foo")).contains("timezone('America/Los_Angeles'");
        assertThat(refused(() -> sql("SELECT TIME_FORMAT(__time, 'yyyy QQ') FROM foo")).getMessage()).contains("'QQ' is not supported yet");
        assertThat(refused(() -> sql("SELECT REGEXP_LIKE('x', NULL)")).getMessage()).contains("Illegal use of 'NULL'");
    }

    @Test
    void isoIntervalsAndJodaFormats()
    {
        assertThat(IsoInterval.parse("2000/3000")).isEqualTo(new IsoInterval(LocalDateTime.parse("2000-01-01T00:00"), LocalDateTime.parse("3000-01-01T00:00")));
        assertThat(IsoInterval.parse("P1D/2000-01-02T00:00:00Z").start()).isEqualTo(LocalDateTime.parse("2000-01-01T00:00"));
        assertThat(IsoInterval.parse("2000-01-01T00:00:00+01:00/PT1H").start()).isEqualTo(LocalDateTime.parse("1999-12-31T23:00"));
        assertThatThrownBy(() -> IsoInterval.parse("2001/2000")).hasMessageContaining("end is before its start");
        assertThatThrownBy(() -> IsoInterval.parse("P1D/P1D")).hasMessageContaining("two periods");
        assertThat(JodaFormat.toStrftime("yyyy-MM-dd'T'HH:mm:ss.SSS")).isEqualTo("%Y-%m-%dT%H:%M:%S.%g");
        assertThatThrownBy(() -> JodaFormat.toStrftime("yyyy 'x")).hasMessageContaining("unclosed quote");
    }
}
