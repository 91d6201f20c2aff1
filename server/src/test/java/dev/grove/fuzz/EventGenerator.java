package dev.grove.fuzz;

import dev.grove.proto.admin.v1.TimestampFormat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Random JSON event values for the fuzz datasources ({@link FuzzNode#COLUMNS}, timestamp field {@code ts}):
 * valid ones, near-valid ones and mutated ones, by {@link Kind}. Not thread-safe.
 */
final class EventGenerator
{
    /** The families of generated values. */
    enum Kind
    {
        VALID,
        TYPE_SWAP,
        HUGE_NUMBER,
        EXTREME_TIMESTAMP,
        DEEP_NESTING,
        UNICODE,
        INVALID_UTF8,
        TRUNCATED,
        EMPTY,
        HUGE_KEY,
        DUPLICATE_KEY,
        BYTE_MUTATION,
    }

    private static final long NOW_MILLIS = Instant.parse("2026-11-23T07:00:00Z").toEpochMilli();
    private static final List<String> ODD_STRINGS = List.of(
            "", " ", "null", "Ada \u00e9\u00e8 \u4e2d\u6587 \ud83d\ude00", "\u202eRTL", "e\u0301\u0301\u0301", "\\u0000", "'; DROP TABLE fz_iso; --",
            "%s%n", "\t\r\n", "\u0000", "\uffff", "\\ud800");
    private static final List<String> ODD_NUMBERS = List.of(
            "1e400", "-1e400", "1e308", "4.9e-324", "99999999999999999999", "-99999999999999999999", "9223372036854775807",
            "-9223372036854775808", "9223372036854775808", "0.1e-400", "-0", "0.0", "1E+2", "123456789012345678901234567890.5");
    /**
     * Timestamps that are not times, or outside what epoch micros can hold. The ones beyond epoch micros once
     * failed the whole batch with INTERNAL, and, logged, stopped the restart; they are kept here as ordinary
     * values (and in FuzzRegressionTest as fixed cases).
     */
    private static final List<String> ODD_TIMESTAMPS = List.of(
            "1e20", "-1", "0", "\"0\"", "1e400", "9.3e18", "\"2026-02-30T00:00:00Z\"", "\"9999-12-31T23:59:59.999Z\"", "\"0000-01-01T00:00:00Z\"",
            "1.5e12", "\"NaN\"", "true", "[]", "{}", "null", "\"\"",
            "9223372036854775807", "-9223372036854775808", "1e16", "\"1e16\"", "\"9223372036854775807\"", "253402300800000", "-62167219200001",
            "\"+999999999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"");

    private final RandomGenerator random;
    private final List<Kind> kinds;

    /** Values of the given kinds, drawn from {@code random}. */
    EventGenerator(RandomGenerator random, List<Kind> kinds)
    {
        this.random = random;
        this.kinds = List.copyOf(kinds);
    }

    /** One value for a datasource with the given timestamp format. */
    Event next(TimestampFormat format)
    {
        Kind kind = kinds.get(random.nextInt(kinds.size()));
        return new Event(kind, switch (kind) {
            case VALID -> utf8(valid(format));
            case TYPE_SWAP -> utf8(typeSwap(format));
            case HUGE_NUMBER -> utf8(object(timestamp(format), "\"" + column() + "\":" + maybeQuoted(pick(ODD_NUMBERS))));
            case EXTREME_TIMESTAMP -> utf8(object("\"ts\":" + pick(ODD_TIMESTAMPS), "\"s\":\"x\""));
            case DEEP_NESTING -> utf8(deep(format));
            case UNICODE -> utf8(object(timestamp(format), "\"s\":" + FuzzNode.JSON.valueToTree(pick(ODD_STRINGS)).toString().replace("\\\\u", "\\u")));
            case INVALID_UTF8 -> invalidUtf8(format);
            case TRUNCATED -> {
                String valid = valid(format);
                yield utf8(valid.substring(0, random.nextInt(valid.length())));
            }
            case EMPTY -> utf8(pick(List.of("", " ", "{}", "null", "[]", "\"\"", "0", "{\"ts\":\"\"}", "{\"ts\":null}", "{\"\":\"\"}")));
            case HUGE_KEY -> utf8(object(timestamp(format), "\"" + "k".repeat(1 + random.nextInt(65_536)) + "\":1",
                    "\"s\":\"" + "v".repeat(random.nextInt(20) == 0 ? 1_100_000 : random.nextInt(65_536)) + "\""));
            case DUPLICATE_KEY -> utf8(object(timestamp(format), timestamp(format), "\"l\":1", "\"l\":\"x\""));
            case BYTE_MUTATION -> mutate(utf8(valid(format)));
        });
    }

    /** A generated value and the family it came from. */
    record Event(Kind kind, byte[] value)
    {
        String text()
        {
            return FuzzText.printable(value, 300);
        }
    }

    private String valid(TimestampFormat format)
    {
        StringBuilder fields = new StringBuilder(timestamp(format));
        if (random.nextInt(5) > 0) {
            fields.append(",\"s\":\"s").append(random.nextInt(20)).append('"');
        }
        if (random.nextInt(5) > 0) {
            fields.append(",\"n\":").append(random.nextInt(1000) - 500);
        }
        if (random.nextInt(5) > 0) {
            fields.append(",\"l\":").append(random.nextBoolean() ? Long.toString(random.nextLong(1_000_000)) : "\"" + random.nextInt(100) + "\"");
        }
        if (random.nextInt(5) > 0) {
            fields.append(",\"d\":").append(random.nextDouble(-1000, 1000));
        }
        if (random.nextInt(10) == 0) {
            fields.append(",\"extra\":{\"nested\":[1,2,3]}");
        }
        return "{" + fields + "}";
    }

    private String timestamp(TimestampFormat format)
    {
        long millis = NOW_MILLIS + random.nextLong(-86_400_000L * 365, 86_400_000L);
        return "\"ts\":" + switch (format) {
            case ISO -> "\"" + Instant.ofEpochMilli(millis) + "\"";
            case MILLIS -> random.nextBoolean() ? Long.toString(millis) : "\"" + millis + "\"";
            case POSIX -> Long.toString(millis / 1000);
            case AUTO, TIMESTAMP_FORMAT_UNSPECIFIED, UNRECOGNIZED -> random.nextBoolean() ? Long.toString(millis) : "\"" + Instant.ofEpochMilli(millis) + "\"";
        };
    }

    private String typeSwap(TimestampFormat format)
    {
        List<String> values = List.of("\"text\"", "\"12\"", "\"1.5\"", "12", "1.5", "true", "false", "null", "[1]", "{\"a\":1}", "\"\"", "\" 7 \"", "\"0x10\"", "1e3", "\"1e3\"");
        return object(timestamp(format), "\"" + column() + "\":" + pick(values), "\"" + column() + "\":" + pick(values));
    }

    private String deep(TimestampFormat format)
    {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 100 : 5000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return object(timestamp(format), "\"" + column() + "\":" + open.repeat(depth) + "1" + close.repeat(depth));
    }

    private byte[] invalidUtf8(TimestampFormat format)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8("{" + timestamp(format) + ",\"s\":\"a"));
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {0}};
        out.writeBytes(bad[random.nextInt(bad.length)]);
        out.writeBytes(utf8("b\"}"));
        return out.toByteArray();
    }

    private byte[] mutate(byte[] value)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = random.nextInt(value.length + 1);
        out.write(value, 0, position);
        switch (random.nextInt(4)) {
            case 0 -> out.write(random.nextInt(256));
            case 1 -> position = Math.min(value.length, position + 1 + random.nextInt(3));
            case 2 -> out.writeBytes(utf8(pick(List.of("\"", "{", "}", "[", "]", ",", ":", "\\", "\\u12", "-", "e", "."))));
            default -> out.write(value, 0, position);
        }
        out.write(value, position, value.length - position);
        return out.toByteArray();
    }

    private String column()
    {
        return pick(List.of("s", "n", "l", "d"));
    }

    private String maybeQuoted(String number)
    {
        return random.nextBoolean() ? number : "\"" + number + "\"";
    }

    private static String object(String... fields)
    {
        return "{" + String.join(",", fields) + "}";
    }

    private <T> T pick(List<T> values)
    {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] utf8(String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
