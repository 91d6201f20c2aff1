package dev.grove.node;

import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.TimestampFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every result format of {@code POST /druid/v2/sql}, byte for byte, over real HTTP. The header cases are
 * the table "Query output format" of Druid's SQL API documentation (the row whose {@code user} is
 * {@code BlueMoon2662}), written as Druid's writers write them: compact JSON, {@code object} and
 * {@code array} ending with a newline, the line formats and CSV ending with a blank line.
 */
class HttpResultFormatsTest
{
    @TempDir
    static Path dataDir;
    private static GroveNode node;
    private static NodeClients clients;

    @BeforeAll
    static void start()
    {
        GroveConfig config = ConfigLoader.fromProperties(Map.of("grove.log.fsync", "false")).withDataDir(dataDir).withPorts(0, 0);
        node = GroveNode.start(config);
        clients = new NodeClients(node.grpcPort(), node.httpPort());
        clients.create(Datasource.newBuilder()
                .setName("wikipedia")
                .setSchema(DatasourceSchema.newBuilder()
                        .setTimestampColumn("timestamp")
                        .setTimestampFormat(TimestampFormat.ISO)
                        .addDimensions(Column.newBuilder().setName("user").setType(ColumnType.STRING))
                        .addDimensions(Column.newBuilder().setName("comment").setType(ColumnType.STRING))
                        .addMetrics(Column.newBuilder().setName("delta").setType(ColumnType.LONG))
                        .addMetrics(Column.newBuilder().setName("ratio").setType(ColumnType.DOUBLE)))
                .build());
        clients.produce("wikipedia", List.of(
                "{\"timestamp\":\"2015-09-12T00:47:53.259Z\",\"user\":\"BlueMoon2662\",\"comment\":\"/* 対戦通算成績と得失点 */\",\"delta\":14,\"ratio\":0.5}",
                "{\"timestamp\":\"2015-09-12T00:48:00.000Z\",\"user\":\"Quoted, \\\"Name\\\"\",\"delta\":-3,\"ratio\":2.25}"));
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        clients.close();
        node.close();
    }

    /** Druid's documented table, one row per format and header combination (typesHeader, sqlTypesHeader). */
    @ParameterizedTest(name = "{0} typesHeader={1} sqlTypesHeader={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            object      | true  | false | '[{"user":{"type":"STRING"}},{"user":"BlueMoon2662"}]\\n'
            object      | true  | true  | '[{"user":{"type":"STRING","sqlType":"VARCHAR"}},{"user":"BlueMoon2662"}]\\n'
            object      | false | true  | '[{"user":{"sqlType":"VARCHAR"}},{"user":"BlueMoon2662"}]\\n'
            object      | false | false | '[{"user":null},{"user":"BlueMoon2662"}]\\n'
            array       | true  | false | '[["user"],["STRING"],["BlueMoon2662"]]\\n'
            array       | true  | true  | '[["user"],["STRING"],["VARCHAR"],["BlueMoon2662"]]\\n'
            array       | false | true  | '[["user"],["VARCHAR"],["BlueMoon2662"]]\\n'
            array       | false | false | '[["user"],["BlueMoon2662"]]\\n'
            csv         | true  | false | 'user\\nSTRING\\nBlueMoon2662\\n\\n'
            csv         | true  | true  | 'user\\nSTRING\\nVARCHAR\\nBlueMoon2662\\n\\n'
            csv         | false | true  | 'user\\nVARCHAR\\nBlueMoon2662\\n\\n'
            csv         | false | false | 'user\\nBlueMoon2662\\n\\n'
            objectLines | true  | true  | '{"user":{"type":"STRING","sqlType":"VARCHAR"}}\\n{"user":"BlueMoon2662"}\\n\\n'
            objectLines | false | false | '{"user":null}\\n{"user":"BlueMoon2662"}\\n\\n'
            arrayLines  | true  | true  | '["user"]\\n["STRING"]\\n["VARCHAR"]\\n["BlueMoon2662"]\\n\\n'
            arrayLines  | false | false | '["user"]\\n["BlueMoon2662"]\\n\\n'
            """)
    void headersAsDruidDocumentsThem(String format, boolean typesHeader, boolean sqlTypesHeader, String expected)
            throws Exception
    {
        HttpResponse<String> response = post(Map.of("query", "SELECT \"user\" FROM wikipedia WHERE \"user\" = 'BlueMoon2662'", "resultFormat", format,
                "header", true, "typesHeader", typesHeader, "sqlTypesHeader", sqlTypesHeader));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(expected.replace("\\n", "\n"));
        assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType(format));
        assertThat(response.headers().firstValue("X-Druid-SQL-Header-Included")).hasValue("yes");
    }

    static Stream<List<String>> formatsWithoutHeader()
    {
        // timestamps as ISO strings with milliseconds, Druid's JSON numbers, CSV quoting only where needed and nulls as empty
        return Stream.of(
                List.of("object", "[{\"__time\":\"2015-09-12T00:47:53.259Z\",\"user\":\"BlueMoon2662\",\"comment\":\"/* 対戦通算成績と得失点 */\",\"delta\":14,\"ratio\":0.5},"
                        + "{\"__time\":\"2015-09-12T00:48:00.000Z\",\"user\":\"Quoted, \\\"Name\\\"\",\"comment\":null,\"delta\":-3,\"ratio\":2.25}]\n"),
                List.of("array", "[[\"2015-09-12T00:47:53.259Z\",\"BlueMoon2662\",\"/* 対戦通算成績と得失点 */\",14,0.5],"
                        + "[\"2015-09-12T00:48:00.000Z\",\"Quoted, \\\"Name\\\"\",null,-3,2.25]]\n"),
                List.of("objectLines", "{\"__time\":\"2015-09-12T00:47:53.259Z\",\"user\":\"BlueMoon2662\",\"comment\":\"/* 対戦通算成績と得失点 */\",\"delta\":14,\"ratio\":0.5}\n"
                        + "{\"__time\":\"2015-09-12T00:48:00.000Z\",\"user\":\"Quoted, \\\"Name\\\"\",\"comment\":null,\"delta\":-3,\"ratio\":2.25}\n\n"),
                List.of("arrayLines", "[\"2015-09-12T00:47:53.259Z\",\"BlueMoon2662\",\"/* 対戦通算成績と得失点 */\",14,0.5]\n"
                        + "[\"2015-09-12T00:48:00.000Z\",\"Quoted, \\\"Name\\\"\",null,-3,2.25]\n\n"),
                List.of("csv", "2015-09-12T00:47:53.259Z,BlueMoon2662,/* 対戦通算成績と得失点 */,14,0.5\n"
                        + "2015-09-12T00:48:00.000Z,\"Quoted, \"\"Name\"\"\",,-3,2.25\n\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formatsWithoutHeader")
    void rowsWithoutHeader(List<String> formatAndBytes)
            throws Exception
    {
        String format = formatAndBytes.get(0);
        HttpResponse<String> response = post(Map.of("query", "SELECT __time, \"user\", comment, delta, ratio FROM wikipedia ORDER BY __time", "resultFormat", format));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(formatAndBytes.get(1));
        assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType(format));
        assertThat(response.headers().firstValue("X-Druid-SQL-Header-Included")).isEqualTo(Optional.empty());
        assertThat(response.headers().firstValue("X-Druid-SQL-Query-Id")).isPresent();
    }

    private static String contentType(String format)
    {
        return switch (format) {
            case "object", "array" -> "application/json";
            case "csv" -> "text/csv";
            default -> "text/plain";
        };
    }

    private static HttpResponse<String> post(Map<String, Object> body)
            throws Exception
    {
        return clients.post("/druid/v2/sql", "application/json", NodeClients.JSON.writeValueAsString(body));
    }
}
