package dev.grove.query.format;

import dev.grove.engine.QueryResult;
import dev.grove.engine.ResultColumn;
import dev.grove.engine.ResultColumn.DruidType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultWriterTest
{
    private static final QueryResult RESULT = new QueryResult(
            List.of(new ResultColumn("t", "TIMESTAMP", DruidType.LONG), new ResultColumn("name", "VARCHAR", DruidType.STRING), new ResultColumn("n", "BIGINT", DruidType.LONG)),
            List.of(new Object[] {Instant.parse("2000-01-01T00:00:00Z"), "a,\"b\"", 1L}, new Object[] {Instant.parse("2000-01-02T00:00:00.5Z"), null, 2L}));

    private static String write(ResultFormat format, ResultWriter.Header header)
    {
        return new String(ResultWriter.toBytes(RESULT, format, header), StandardCharsets.UTF_8);
    }

    @Test
    void objectAndArrayFormats()
    {
        assertThat(write(ResultFormat.OBJECT, ResultWriter.Header.NONE))
                .isEqualTo("[{\"t\":\"2000-01-01T00:00:00.000Z\",\"name\":\"a,\\\"b\\\"\",\"n\":1},{\"t\":\"2000-01-02T00:00:00.500Z\",\"name\":null,\"n\":2}]\n");
        assertThat(write(ResultFormat.ARRAY, ResultWriter.Header.NONE))
                .isEqualTo("[[\"2000-01-01T00:00:00.000Z\",\"a,\\\"b\\\"\",1],[\"2000-01-02T00:00:00.500Z\",null,2]]\n");
    }

    @Test
    void lineFormatsEndWithABlankLine()
    {
        assertThat(write(ResultFormat.ARRAY_LINES, ResultWriter.Header.NONE))
                .isEqualTo("[\"2000-01-01T00:00:00.000Z\",\"a,\\\"b\\\"\",1]\n[\"2000-01-02T00:00:00.500Z\",null,2]\n\n");
        assertThat(write(ResultFormat.OBJECT_LINES, ResultWriter.Header.NONE)).endsWith("}\n\n").hasLineCount(3);
    }

    @Test
    void csvQuotesOnlyWhereNeeded()
    {
        assertThat(write(ResultFormat.CSV, new ResultWriter.Header(true, true, true)))
                .isEqualTo("t,name,n\nLONG,STRING,LONG\nTIMESTAMP,VARCHAR,BIGINT\n2000-01-01T00:00:00.000Z,\"a,\"\"b\"\"\",1\n2000-01-02T00:00:00.500Z,,2\n\n");
    }

    @Test
    void objectHeaderCarriesTypes()
    {
        assertThat(write(ResultFormat.OBJECT, new ResultWriter.Header(true, false, false))).startsWith("[{\"t\":null,\"name\":null,\"n\":null},");
        assertThat(write(ResultFormat.OBJECT, new ResultWriter.Header(true, true, true)))
                .startsWith("[{\"t\":{\"type\":\"LONG\",\"sqlType\":\"TIMESTAMP\"},\"name\":{\"type\":\"STRING\",\"sqlType\":\"VARCHAR\"}");
    }

    @Test
    void formatNamesAreCaseInsensitiveAndUnknownOnesRefused()
    {
        assertThat(ResultFormat.fromDruidName("ARRAYLINES")).isEqualTo(ResultFormat.ARRAY_LINES);
        assertThat(ResultFormat.fromDruidName(null)).isEqualTo(ResultFormat.OBJECT);
        assertThatThrownBy(() -> ResultFormat.fromDruidName("xml")).hasMessageContaining("Unsupported resultFormat 'xml'");
    }
}
