package dev.grove.fuzz;

import dev.grove.fuzz.SqlCase.Parameter;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.admin.v1.TimestampFormat;
import dev.grove.proto.ingest.v1.ProduceResponse;
import io.grpc.StatusRuntimeException;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Inputs that once failed, kept as fixed regression cases: every one runs in every build, whatever the
 * fuzz seed. When a fuzz run finds a new failure, its input joins the matching list here once it is fixed
 * (and, when it is a value the generators could not draw, their value pools too).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzRegressionTest
{
    private static final Map<String, String> NO_CONTEXT = Map.of();
    private static final AtomicInteger DATASOURCES = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private FuzzNode node;

    @BeforeAll
    void startNode()
            throws Exception
    {
        node = FuzzNode.startWithDatasources(dataDir);
        node.produce("fz_iso", List.of("{\"ts\":\"2026-11-23T07:00:00Z\",\"s\":\"a\",\"n\":1,\"l\":2,\"d\":3.5}".getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    void stopNode()
            throws InterruptedException
    {
        node.close();
    }

    /** What a regression SQL case must get back. */
    enum Expect
    {
        /** Rows, or a well-formed Druid error of any status. */
        ANSWERED,
        /** A well-formed Druid error with a 4xx status (REQUEST_ERROR or INVALID_SQL over gRPC). */
        CLIENT_ERROR,
        /** Rows. */
        ROWS,
    }

    static Stream<Arguments> sqlCases()
    {
        return Stream.of(
                sql("E'' escape", "SELECT E'\\x41'", List.of(), NO_CONTEXT, Expect.ANSWERED),
                sql("dollar-quoted string", "SELECT $$abc$$", List.of(), NO_CONTEXT, Expect.ANSWERED),
                sql("NUL in a literal", "SELECT 'a\u0000b' FROM fz_iso", List.of(), NO_CONTEXT, Expect.ANSWERED),
                sql("BIGINT parameter 1e40", "SELECT l + ? FROM fz_iso", List.of(new Parameter("BIGINT", 1e40)), NO_CONTEXT, Expect.ANSWERED),
                sql("ASOF JOIN", "SELECT a.s FROM fz_iso a ASOF JOIN fz_millis b MATCH_CONDITION(a.__time >= b.__time) ON a.s = b.s", List.of(), NO_CONTEXT, Expect.ANSWERED),
                sql("1e400 literal", "SELECT 1e400", List.of(), NO_CONTEXT, Expect.ANSWERED),
                // VALUES overflowed the binder's stack (dropped HTTP connection, gRPC UNKNOWN)
                sql("VALUES with column aliases", "SELECT * FROM (VALUES (1)) t(x)", List.of(), NO_CONTEXT, Expect.ANSWERED),
                // u&'' reached DuckDB as _UTF16
                sql("u&'' escape", "SELECT u&'\\0041'", List.of(), NO_CONTEXT, Expect.ROWS),
                // missing, extra and mistyped parameters were 500 RUNTIME_FAILURE or read as 0
                sql("missing parameter", "SELECT l + ? FROM fz_iso", List.of(), NO_CONTEXT, Expect.CLIENT_ERROR),
                sql("extra parameter", "SELECT l FROM fz_iso", List.of(new Parameter("BIGINT", 1L)), NO_CONTEXT, Expect.CLIENT_ERROR),
                sql("BIGINT parameter abc", "SELECT l + ? FROM fz_iso", List.of(new Parameter("BIGINT", "abc")), NO_CONTEXT, Expect.CLIENT_ERROR),
                sql("TIMESTAMP parameter zzz", "SELECT __time >= ? FROM fz_iso", List.of(new Parameter("TIMESTAMP", "zzz")), NO_CONTEXT, Expect.CLIENT_ERROR),
                // an out-of-range sqlCurrentTimestamp was an internal error
                sql("sqlCurrentTimestamp far in the future", "SELECT CURRENT_TIMESTAMP", List.of(), Map.of("sqlCurrentTimestamp", "+999999999-12-31T23:59:59Z"), Expect.CLIENT_ERROR),
                // a non-ASCII sqlQueryId was echoed raw into the X-Druid-SQL-Query-Id response header, which clients refuse
                sql("non-ASCII sqlQueryId", "SELECT 1", List.of(), Map.of("sqlQueryId", "\u00e9\ud83d\ude00 id"), Expect.ROWS)).flatMap(cases -> cases);
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("sqlCases")
    void sqlIsAnswered(String name, String protocol, SqlCase sqlCase, Expect expect)
            throws Exception
    {
        checkSql(name, sqlCase, expect);
    }

    static Stream<Arguments> events()
    {
        return Stream.of(
                Arguments.of("Long.MAX_VALUE into a LONG column", TimestampFormat.MILLIS, "{\"ts\":1795000000000,\"l\":9223372036854775807}"),
                Arguments.of("number beyond LONG into a LONG", TimestampFormat.ISO, "{\"ts\":\"2026-11-23T07:00:00Z\",\"l\":99999999999999999999}"),
                Arguments.of("1e400 as a millis timestamp", TimestampFormat.MILLIS, "{\"ts\":1e400,\"s\":\"x\"}"),
                Arguments.of("invalid calendar date", TimestampFormat.ISO, "{\"ts\":\"2026-02-30T00:00:00Z\",\"s\":\"x\"}"),
                // timestamps beyond epoch micros failed the batch with INTERNAL, and once logged stopped the restart
                Arguments.of("Long.MAX_VALUE millis timestamp", TimestampFormat.MILLIS, "{\"ts\":9223372036854775807,\"k\":\"x\"}"),
                Arguments.of("1e16 millis timestamp", TimestampFormat.MILLIS, "{\"ts\":1e16,\"s\":\"x\"}"),
                Arguments.of("Long.MIN_VALUE auto timestamp", TimestampFormat.AUTO, "{\"ts\":-9223372036854775808,\"s\":\"x\"}"),
                Arguments.of("year 10000 as POSIX seconds", TimestampFormat.POSIX, "{\"ts\":253402300800000,\"s\":\"x\"}"),
                Arguments.of("ISO year +999999999", TimestampFormat.ISO, "{\"ts\":\"+999999999-12-31T23:59:59Z\",\"s\":\"x\"}"));
    }

    /** Numbers out of their column's range: once stored (clamped or infinite), now refused per record. */
    static Stream<Arguments> outOfRangeNumbers()
    {
        return Stream.of(
                Arguments.of("LONG given as the string 99999999999999999999", TimestampFormat.ISO, "{\"ts\":\"2026-11-23T07:00:00Z\",\"l\":\"99999999999999999999\"}"),
                Arguments.of("1e400 into a DOUBLE", TimestampFormat.ISO, "{\"ts\":\"2026-11-23T07:00:00Z\",\"d\":1e400}"),
                Arguments.of("1e400 into a LONG", TimestampFormat.ISO, "{\"ts\":\"2026-11-23T07:00:00Z\",\"l\":1e400}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eventIsAcknowledgedOrRefusedAndCountedAfterRestart(String name, TimestampFormat format, String value)
            throws Exception
    {
        checkEvent(format, value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRangeNumbers")
    void outOfRangeNumberIsRefused(String name, TimestampFormat format, String value)
    {
        String datasource = newDatasource(node, format);
        ProduceResponse response = node.produce(datasource, List.of(value.getBytes(StandardCharsets.UTF_8)));
        assertThat(response.getCount()).as("%s into %s acknowledged instead of refused", value, format).isZero();
        assertThat(response.getErrorsList()).hasSize(1);
    }

    /** A malformed chunk size ({@code zz}): the JDK HTTP server once dropped the connection without an answer. */
    @Test
    void malformedChunkSizeIsAnswered()
            throws Exception
    {
        String body = "{\"query\":\"SELECT COUNT(*) FROM fz_iso\"}";
        String request = "POST /druid/v2/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + "\r\n" + body + "\r\nzz\r\n";
        byte[] answer = node.raw(request.getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(answer, StandardCharsets.ISO_8859_1)).as("answer to a chunked request with chunk size zz").matches("(?s)HTTP/1\\.1 400 .*");
        node.assertHealthy("after a malformed chunk size");
    }

    private void checkSql(String name, SqlCase sqlCase, Expect expect)
            throws Exception
    {
        String input = name + ": " + sqlCase.describe();
        Optional<String> failure = sqlCase.check(node);
        assertThat(failure).as(input).isEmpty();
        if (sqlCase.grpc()) {
            QueryResponse response = node.query().submitQuery(sqlCase.grpcRequest());
            switch (expect) {
                case ANSWERED -> { }
                case CLIENT_ERROR -> assertThat(response.getStatus()).as(input + " → " + response.getErrorMessage()).isIn(QueryStatus.REQUEST_ERROR, QueryStatus.INVALID_SQL);
                case ROWS -> assertThat(response.getStatus()).as(input + " → " + response.getErrorMessage()).isEqualTo(QueryStatus.OK);
            }
        }
        else {
            HttpResponse<String> response = node.postSql(sqlCase.httpBody());
            switch (expect) {
                case ANSWERED -> { }
                case CLIENT_ERROR -> assertThat(response.statusCode()).as(input + " → " + response.body()).isBetween(400, 499);
                case ROWS -> assertThat(response.statusCode()).as(input + " → " + response.body()).isEqualTo(200);
            }
        }
        node.assertHealthy("after " + input);
    }

    /** On a node of its own: a failing case must not break the others. */
    private static void checkEvent(TimestampFormat format, String value)
            throws Exception
    {
        try (FuzzNode node = FuzzNode.startWithDatasources(java.nio.file.Files.createTempDirectory(dataDir, "event"))) {
            checkEvent(node, format, value);
        }
    }

    private static void checkEvent(FuzzNode node, TimestampFormat format, String value)
            throws Exception
    {
        String datasource = newDatasource(node, format);
        String input = "Produce into a " + format + " datasource: " + value;
        ProduceResponse response;
        try {
            response = node.produce(datasource, List.of(value.getBytes(StandardCharsets.UTF_8)));
        }
        catch (StatusRuntimeException e) {
            fail(input + " → " + e.getStatus() + " instead of an ack or a per-record error");
            return;
        }
        assertThat(response.getCount() + response.getErrorsCount()).as(input).isEqualTo(1);
        assertThat(node.count(datasource)).as(input).isEqualTo(response.getCount());
        node.restart();
        node.assertHealthy("after restart, " + input);
        assertThat(node.count(datasource)).as("after restart, " + input).isEqualTo(response.getCount());
    }

    private static String newDatasource(FuzzNode node, TimestampFormat format)
    {
        String name = "rg_" + DATASOURCES.incrementAndGet();
        node.admin().createDatasource(CreateDatasourceRequest.newBuilder().setDatasource(FuzzNode.datasource(name, format)).build());
        return name;
    }

    private static Stream<Arguments> sql(String name, String sql, List<Parameter> parameters, Map<String, String> context, Expect expect)
    {
        return Stream.of(
                Arguments.of(name, "HTTP", new SqlCase(sql, parameters, context, "array", false), expect),
                Arguments.of(name, "gRPC", new SqlCase(sql, parameters, context, "array", true), expect));
    }
}
