package dev.grove.ingest;

import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.ColumnType;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceSchema;
import dev.grove.datasource.Row;
import dev.grove.datasource.TimestampFormat;
import dev.grove.datasource.TimestampSpec;
import dev.grove.log.LogRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowParserTest
{
    private static RowParser parser(TimestampFormat format)
    {
        return new RowParser(new Datasource("orders", new DatasourceSchema(new TimestampSpec("ts", format),
                List.of(new ColumnSpec("name", ColumnType.STRING), new ColumnSpec("tags", ColumnType.STRING)),
                List.of(new ColumnSpec("quantity", ColumnType.LONG), new ColumnSpec("price", ColumnType.DOUBLE))), 0));
    }

    private static Row parse(RowParser parser, String json)
    {
        return parser.parse(new LogRecord(new byte[0], json.getBytes(StandardCharsets.UTF_8), 0));
    }

    @Test
    void readsColumnsInSchemaOrderAndIgnoresOthers()
    {
        Row row = parse(parser(TimestampFormat.ISO), "{\"price\":2.5,\"extra\":{\"x\":1},\"ts\":\"2026-11-23T07:00:00.250Z\",\"name\":\"Ada\",\"quantity\":3}");
        assertThat(row.timeMillis()).isEqualTo(java.time.Instant.parse("2026-11-23T07:00:00.250Z").toEpochMilli());
        assertThat(row.values()).containsExactly("Ada", null, 3L, 2.5);
    }

    @Test
    void timestampFormats()
    {
        assertThat(parse(parser(TimestampFormat.MILLIS), "{\"ts\":1000}").timeMillis()).isEqualTo(1000);
        assertThat(parse(parser(TimestampFormat.POSIX), "{\"ts\":\"1.5\"}").timeMillis()).isEqualTo(1500);
        assertThat(parse(parser(TimestampFormat.AUTO), "{\"ts\":2000}").timeMillis()).isEqualTo(2000);
        assertThat(parse(parser(TimestampFormat.AUTO), "{\"ts\":\"1970-01-01T00:00:01Z\"}").timeMillis()).isEqualTo(1000);
        assertThat(parse(parser(TimestampFormat.ISO), "{\"ts\":\"1970-01-02\"}").timeMillis()).isEqualTo(86_400_000);
        assertThat(parse(parser(TimestampFormat.ISO), "{\"ts\":\"1970-01-01 00:00:03\"}").timeMillis()).isEqualTo(3000);
        assertThat(parse(parser(TimestampFormat.ISO), "{\"ts\":\"1970-01-01T01:00:00+01:00\"}").timeMillis()).isEqualTo(0);
    }

    @Test
    void producerTimestampWinsOverTheField()
    {
        Row row = parser(TimestampFormat.ISO).parse(new LogRecord(new byte[0], "{\"ts\":\"garbage\"}".getBytes(StandardCharsets.UTF_8), 77));
        assertThat(row.timeMillis()).isEqualTo(77);
    }

    @Test
    void coercesNumbersLikeDruid()
    {
        Row row = parse(parser(TimestampFormat.MILLIS), "{\"ts\":1,\"quantity\":\"4\",\"price\":3,\"name\":12,\"tags\":[\"a\",\"b\"]}");
        assertThat(row.values()).containsExactly("12", "[\"a\",\"b\"]", 4L, 3.0);
    }

    @Test
    void refusesBadRecordsWithTheFieldAndReason()
    {
        RowParser parser = parser(TimestampFormat.ISO);
        assertThatThrownBy(() -> parse(parser, "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse(parser, "{\"ts\":")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse(parser, "42")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse(parser, "{}")).hasMessageContaining("missing timestamp field 'ts'");
        assertThatThrownBy(() -> parse(parser, "{\"ts\":null}")).hasMessageContaining("'ts' is null");
        assertThatThrownBy(() -> parse(parser, "{\"ts\":\"yesterday\"}")).hasMessageContaining("timestamp field 'ts'").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> parse(parser, "{\"ts\":\"2026-01-01\",\"quantity\":\"lots\"}")).hasMessageContaining("field 'quantity' expects LONG but got 'lots'");
        assertThatThrownBy(() -> parse(parser, "{\"ts\":\"2026-01-01\",\"price\":true}")).hasMessageContaining("field 'price' expects DOUBLE");
        assertThatThrownBy(() -> parse(parser, "{\"ts\":\"2026-01-01\"} trailing")).hasMessageContaining("JSON");
        assertThatThrownBy(() -> parser.parse(new LogRecord(new byte[0], "{}".getBytes(StandardCharsets.UTF_8), -5))).hasMessageContaining("negative");
    }
}
