package dev.grove.fuzz;

import dev.grove.fuzz.SqlCase.Parameter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random SQL from {@link SqlGenerator} and mutations of Druid's own test queries, with random typed
 * parameters and context, over HTTP and gRPC. Every request must be answered within
 * {@link FuzzNode#ANSWER_BOUND} by a success or a well-formed Druid error; the node stays healthy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlFuzzTest
{
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("BIGINT", 5L), new Parameter("BIGINT", "abc"), new Parameter("BIGINT", 1e40), new Parameter("BIGINT", "9223372036854775808"),
            new Parameter("INTEGER", -1L), new Parameter("DOUBLE", 1.5), new Parameter("DOUBLE", "NaN"), new Parameter("DOUBLE", "x"), new Parameter("FLOAT", 1e300),
            new Parameter("VARCHAR", "s1"), new Parameter("VARCHAR", ""), new Parameter("VARCHAR", "a\u0000b"), new Parameter("VARCHAR", null),
            new Parameter("TIMESTAMP", "2026-11-23 07:00:00"), new Parameter("TIMESTAMP", "zzz"), new Parameter("TIMESTAMP", 1795000000000L),
            new Parameter("DATE", "2026-02-30"), new Parameter("BOOLEAN", true), new Parameter("BOOLEAN", "maybe"), new Parameter("ARRAY", "x"),
            new Parameter("NOPE", 1L), new Parameter("", "x"));
    private static final List<Map<String, String>> CONTEXTS = List.of(
            Map.of(), Map.of(), Map.of(),
            Map.of("sqlCurrentTimestamp", "2000-01-01T00:00:00Z"), Map.of("sqlCurrentTimestamp", "+999999999-12-31T23:59:59Z"),
            Map.of("sqlCurrentTimestamp", "zzz"), Map.of("sqlTimeZone", "America/Los_Angeles"), Map.of("sqlTimeZone", "+05:30"),
            Map.of("sqlTimeZone", "Mars/Olympus"), Map.of("sqlQueryId", "\u00e9\ud83d\ude00 id"), Map.of("sqlQueryId", ""),
            Map.of("timeout", "abc"), Map.of("timeout", "-1"), Map.of("timeout", "1"), Map.of("unknownKey", "x"));
    private static final List<String> FORMATS = List.of("object", "array", "objectLines", "arrayLines", "csv", "nope");

    @TempDir
    static Path dataDir;

    private FuzzNode node;

    @BeforeAll
    void startNode()
    {
        node = FuzzNode.startWithDatasources(dataDir);
        SplittableRandom random = new SplittableRandom(42);
        for (String datasource : FuzzNode.DATASOURCES.keySet()) {
            List<byte[]> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Instant time = Instant.parse("2026-11-23T07:00:00Z").minusSeconds(random.nextInt(86_400 * 30));
                String ts = switch (FuzzNode.DATASOURCES.get(datasource)) {
                    case ISO -> "\"" + time + "\"";
                    case POSIX -> Long.toString(time.getEpochSecond());
                    default -> Long.toString(time.toEpochMilli());
                };
                rows.add(("{\"ts\":" + ts + ",\"s\":\"s" + random.nextInt(10) + "\",\"n\":" + random.nextInt(100) + ",\"l\":" + random.nextLong(1_000_000)
                        + ",\"d\":" + random.nextDouble() * 100 + "}").getBytes(StandardCharsets.UTF_8));
            }
            assertThat(node.produce(datasource, rows).getCount()).isEqualTo(100);
        }
    }

    @AfterAll
    void stopNode()
            throws InterruptedException
    {
        node.close();
    }

    @Test
    void everyQueryIsAnsweredWithRowsOrADruidError()
            throws Exception
    {
        FuzzBudget budget = FuzzBudget.of("SqlFuzzTest", 15, 5_000);
        SplittableRandom random = new SplittableRandom(budget.seed);
        SqlGenerator generator = new SqlGenerator(random);
        SqlMutator mutator = new SqlMutator(random, SqlMutator.conformanceQueries());
        Map<String, String> failures = new LinkedHashMap<>();
        while (budget.next()) {
            SqlCase sqlCase = nextCase(random, generator, mutator);
            Optional<String> failure = sqlCase.check(node);
            failure.ifPresent(what -> failures.putIfAbsent(signature(what), budget.replay() + ": " + what + "\n    input: " + sqlCase.describe()));
        }
        budget.printDone();
        node.assertHealthy("after " + budget.replay());
        if (!failures.isEmpty()) {
            fail(budget.replay() + ": requests not answered properly (one example per kind):\n" + String.join("\n", failures.values()));
        }
    }

    static SqlCase nextCase(SplittableRandom random, SqlGenerator generator, SqlMutator mutator)
    {
        int source = random.nextInt(10);
        String sql;
        int placeholders;
        Map<String, String> context = new HashMap<>(CONTEXTS.get(random.nextInt(CONTEXTS.size())));
        if (source < 6) {
            SqlGenerator.Query query = generator.next();
            sql = query.sql();
            placeholders = query.parameters();
        }
        else {
            sql = source < 9 ? mutator.mutated() : mutator.original();
            placeholders = (int) sql.chars().filter(c -> c == '?').count();
            context.putIfAbsent("sqlCurrentTimestamp", "2000-01-01T00:00:00Z");
        }
        int count = random.nextInt(8) == 0 ? Math.max(0, placeholders + random.nextInt(3) - 1) : placeholders;
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parameters.add(PARAMETERS.get(random.nextInt(PARAMETERS.size())));
        }
        return new SqlCase(sql, parameters, context, FORMATS.get(random.nextInt(FORMATS.size())), random.nextBoolean());
    }

    /** Groups failures by what went wrong, without the details that differ per input. */
    static String signature(String failure)
    {
        return failure.replaceAll("(?s)(: |\\().*", "").replaceAll("\\d{3}", "NNN");
    }
}
