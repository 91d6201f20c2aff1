package dev.grove.protocol.pg;

import dev.grove.error.GroveException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgValuesTest
{
    @Test
    void textFormatFollowsPostgres()
    {
        assertThat(PgValues.textString(PgType.FLOAT8, 2.5)).isEqualTo("2.5");
        assertThat(PgValues.textString(PgType.FLOAT8, 10.0)).isEqualTo("10");
        assertThat(PgValues.textString(PgType.FLOAT8, 0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(PgValues.textString(PgType.FLOAT8, 1e20)).isEqualTo("1e+20");
        assertThat(PgValues.textString(PgType.FLOAT8, -1.5e-7)).isEqualTo("-1.5e-07");
        assertThat(PgValues.textString(PgType.FLOAT8, Double.NaN)).isEqualTo("NaN");
        assertThat(PgValues.textString(PgType.FLOAT8, Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(PgValues.textString(PgType.BOOL, true)).isEqualTo("t");
        assertThat(PgValues.textString(PgType.TIMESTAMP, Instant.parse("2026-01-02T03:04:05.120Z"))).isEqualTo("2026-01-02 03:04:05.12");
        assertThat(PgValues.textString(PgType.TIMESTAMP, Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02 03:04:05");
        assertThat(PgValues.textString(PgType.TIMESTAMP, Instant.parse("0000-06-01T00:00:00.000001Z"))).isEqualTo("0001-06-01 00:00:00.000001 BC");
        assertThat(PgValues.textString(PgType.FLOAT8, 1234567.25)).isEqualTo("1234567.25");
        assertThat(PgValues.textString(PgType.FLOAT8, 0.00025)).isEqualTo("0.00025");
        assertThat(PgValues.textString(PgType.DATE, Instant.parse("2026-01-02T00:00:00Z"))).isEqualTo("2026-01-02");
        assertThat(PgValues.textString(PgType.TEXT_ARRAY, Arrays.asList("a", "b c", null, "\"q\"", ""))).isEqualTo("{a,\"b c\",NULL,\"\\\"q\\\"\",\"\"}");
        assertThat(PgValues.textString(PgType.INT8_ARRAY, List.of(1L, 2L))).isEqualTo("{1,2}");
    }

    @Test
    void binaryFormatFollowsPostgres()
    {
        assertThat(PgValues.binary(PgType.INT8, 42L)).containsExactly(0, 0, 0, 0, 0, 0, 0, 42);
        assertThat(PgValues.binary(PgType.INT4, 42L)).containsExactly(0, 0, 0, 42);
        assertThat(ByteBuffer.wrap(PgValues.binary(PgType.FLOAT8, 2.5)).getDouble()).isEqualTo(2.5);
        assertThat(PgValues.binary(PgType.BOOL, false)).containsExactly(0);
        // microseconds since 2000-01-01
        assertThat(ByteBuffer.wrap(PgValues.binary(PgType.TIMESTAMP, Instant.parse("2000-01-01T00:00:01.000001Z"))).getLong()).isEqualTo(1_000_001);
        assertThat(ByteBuffer.wrap(PgValues.binary(PgType.DATE, Instant.parse("1999-12-31T00:00:00Z"))).getInt()).isEqualTo(-1);
        ByteBuffer array = ByteBuffer.wrap(PgValues.binary(PgType.INT8_ARRAY, Arrays.asList(7L, null)));
        assertThat(array.getInt()).isEqualTo(1);
        assertThat(array.getInt()).isEqualTo(1);
        assertThat(array.getInt()).isEqualTo(20);
        assertThat(array.getInt()).isEqualTo(2);
        assertThat(array.getInt()).isEqualTo(1);
        assertThat(array.getInt()).isEqualTo(8);
        assertThat(array.getLong()).isEqualTo(7);
        assertThat(array.getInt()).isEqualTo(-1);
    }

    @Test
    void parametersAreTypedAndChecked()
    {
        assertThat(PgValues.parameter(1, 23, false, bytes("42"))).isEqualTo(42L);
        assertThat(PgValues.parameter(1, 701, false, bytes("2.5"))).isEqualTo(2.5);
        assertThat(PgValues.parameter(1, 16, false, bytes("t"))).isEqualTo(true);
        assertThat(PgValues.parameter(1, 0, false, bytes("x"))).isEqualTo("x");
        assertThat(PgValues.parameter(1, 1114, false, bytes("2026-01-02 03:04:05.5"))).isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5, 500_000_000));
        assertThat(PgValues.parameter(1, 1082, false, bytes("2026-01-02"))).isEqualTo(LocalDate.of(2026, 1, 2));
        assertThat(PgValues.parameter(1, 20, true, new byte[] {0, 0, 0, 0, 0, 0, 1, 0})).isEqualTo(256L);
        assertThat(PgValues.parameter(1, 21, true, new byte[] {(byte) 0xff, (byte) 0xfe})).isEqualTo(-2L);
        assertThat(PgValues.parameter(1, 1114, true, ByteBuffer.allocate(8).putLong(-1).array())).isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000));
        assertThat(PgValues.parameter(1, 25, false, null)).isNull();
        assertThatThrownBy(() -> PgValues.parameter(2, 23, false, bytes("forty"))).isInstanceOf(GroveException.class).hasMessageContaining("Parameter 2");
        assertThatThrownBy(() -> PgValues.parameter(1, 701, true, ByteBuffer.allocate(8).putDouble(Double.NaN).array())).isInstanceOf(GroveException.class);
        assertThatThrownBy(() -> PgValues.parameter(1, 2950, false, bytes("uuid"))).hasMessageContaining("OID 2950");
        assertThatThrownBy(() -> PgValues.parameter(1, 25, false, new byte[] {(byte) 0xc3})).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> PgValues.parameter(1, 23, true, new byte[] {1})).isInstanceOf(PgProtocolException.class).hasMessageContaining("binary format");
    }

    private static byte[] bytes(String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
