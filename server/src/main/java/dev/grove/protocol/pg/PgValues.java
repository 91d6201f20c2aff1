package dev.grove.protocol.pg;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.query.SqlParameters;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Encodes result values in PostgreSQL's text and binary formats, and decodes parameter values a
 * client binds. Result values are what {@code QueryResult} holds (String, Long, Double, Float,
 * Boolean, Instant, List, null); parameters become what {@link SqlParameters} gives the engine.
 */
final class PgValues
{
    /** PostgreSQL's binary timestamps and dates count from 2000-01-01. */
    private static final LocalDateTime PG_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();
    private static final DateTimeFormatter TIMESTAMP_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private PgValues() {}

    /** The value in text format (DateStyle ISO, extra_float_digits >= 1: shortest exact floats). */
    static byte[] text(PgType type, Object value)
    {
        return textString(type, value).getBytes(StandardCharsets.UTF_8);
    }

    static String textString(PgType type, Object value)
    {
        if (value instanceof List<?> list) {
            return arrayText(type.element().orElse(PgType.TEXT), list);
        }
        return switch (type) {
            case BOOL -> value instanceof Boolean bool ? (bool ? "t" : "f") : value.toString();
            case FLOAT8, FLOAT4, NUMERIC -> value instanceof Number number ? floatText(number.doubleValue()) : value.toString();
            case TIMESTAMP, TIMESTAMPTZ -> value instanceof Instant instant ? timestampText(instant) : value.toString();
            case DATE -> value instanceof Instant instant ? LocalDate.ofInstant(instant, ZoneOffset.UTC).toString() : value.toString();
            default -> value.toString();
        };
    }

    /** The value in binary format; a type without a binary form Grove knows is refused (the client asked for it). */
    static byte[] binary(PgType type, Object value)
    {
        if (type.element().isPresent()) {
            return arrayBinary(type, (List<?>) value);
        }
        return switch (type) {
            case BOOL -> new byte[] {(byte) (((Boolean) value) ? 1 : 0)};
            case INT8 -> ByteBuffer.allocate(8).putLong(((Number) value).longValue()).array();
            case INT4, OID -> ByteBuffer.allocate(4).putInt(Math.toIntExact(((Number) value).longValue())).array();
            case INT2 -> ByteBuffer.allocate(2).putShort((short) ((Number) value).longValue()).array();
            case FLOAT8 -> ByteBuffer.allocate(8).putDouble(((Number) value).doubleValue()).array();
            case FLOAT4 -> ByteBuffer.allocate(4).putFloat(((Number) value).floatValue()).array();
            case TIMESTAMP, TIMESTAMPTZ -> ByteBuffer.allocate(8).putLong(micros((Instant) value)).array();
            case DATE -> ByteBuffer.allocate(4).putInt((int) (LocalDate.ofInstant((Instant) value, ZoneOffset.UTC).toEpochDay() - PG_EPOCH_DAY)).array();
            case TEXT, VARCHAR, NAME, BPCHAR, UNKNOWN -> value.toString().getBytes(StandardCharsets.UTF_8);
            default -> throw new GroveException(GroveErrorCode.SQL_UNSUPPORTED, "Binary format for type " + type.typeName() + " is not supported; request text format");
        };
    }

    private static String floatText(double value)
    {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return value == 0 && 1 / value < 0 ? "-0" : Long.toString((long) value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e7) {
            // Double.toString is already the shortest exact form, in plain notation in this range
            return Double.toString(value);
        }
        if (magnitude >= 1e-4 && magnitude < 1e15) {
            return new BigDecimal(Double.toString(value)).toPlainString();
        }
        // PostgreSQL's exponent form: 1.5e+20, 1e-05
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        String digits = decimal.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    private static String timestampText(Instant instant)
    {
        LocalDateTime time = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        if (time.getYear() <= 0 || time.getYear() > 9999) {
            String text = TIMESTAMP_TEXT.format(time.getYear() <= 0 ? time.withYear(1 - time.getYear()) : time);
            return text + fraction(time.getNano() / 1000) + (time.getYear() <= 0 ? " BC" : "");
        }
        // written by hand: this runs for every timestamp of every row sent in text
        char[] text = new char[19];
        digits(text, 0, time.getYear(), 4);
        text[4] = '-';
        digits(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, time.getDayOfMonth(), 2);
        text[10] = ' ';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        return new String(text) + fraction(time.getNano() / 1000);
    }

    /** ".123" for 123000 microseconds: six digits without trailing zeros, or nothing for 0. */
    private static String fraction(int micros)
    {
        if (micros == 0) {
            return "";
        }
        char[] digits = new char[7];
        digits[0] = '.';
        digits(digits, 1, micros, 6);
        int end = digits.length;
        while (digits[end - 1] == '0') {
            end--;
        }
        return new String(digits, 0, end);
    }

    private static void digits(char[] target, int offset, int value, int width)
    {
        for (int i = offset + width - 1; i >= offset; i--) {
            target[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static long micros(Instant instant)
    {
        return ChronoUnit.MICROS.between(PG_EPOCH, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static String arrayText(PgType element, List<?> list)
    {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            Object item = list.get(i);
            if (item == null) {
                text.append("NULL");
                continue;
            }
            String value = textString(element, item);
            boolean quote = value.isEmpty() || value.equalsIgnoreCase("NULL") || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\\'
                    || c == '{' || c == '}' || Character.isWhitespace(c));
            text.append(quote ? '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : value);
        }
        return text.append('}').toString();
    }

    private static byte[] arrayBinary(PgType type, List<?> list)
    {
        PgType element = type.element().orElseThrow();
        byte[][] items = new byte[list.size()][];
        int size = 20;
        boolean hasNull = false;
        for (int i = 0; i < items.length; i++) {
            Object item = list.get(i);
            items[i] = item == null ? null : binary(element, item);
            hasNull |= item == null;
            size += 4 + (item == null ? 0 : items[i].length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).putInt(1).putInt(hasNull ? 1 : 0).putInt(element.oid()).putInt(items.length).putInt(1);
        for (byte[] item : items) {
            buffer.putInt(item == null ? -1 : item.length);
            if (item != null) {
                buffer.put(item);
            }
        }
        return buffer.array();
    }

    /**
     * A bound parameter → the value the engine receives. {@code oid} 0 (unspecified) and the text types
     * are VARCHAR; numbers, booleans, timestamps and dates are checked as {@link SqlParameters} checks
     * Druid's typed parameters, so a value that does not fit is refused with its position.
     */
    static Object parameter(int position, int oid, boolean binary, byte[] value)
    {
        if (value == null) {
            return null;
        }
        PgType type = PgType.forOid(oid).orElse(PgType.TEXT);
        if (oid != 0 && PgType.forOid(oid).isEmpty()) {
            throw new GroveException(GroveErrorCode.INVALID_PARAMETER, "Parameter " + position + " has PostgreSQL type OID " + oid
                    + ", which Grove does not take; send int2/int4/int8, float4/float8, numeric, bool, text/varchar, date or timestamp");
        }
        if (binary) {
            return binaryParameter(position, type, value);
        }
        String text = PgBuffer.utf8(value, 0, value.length, "Parameter " + position);
        String druidType = switch (type) {
            case INT2, INT4, INT8, OID -> "BIGINT";
            case FLOAT4, FLOAT8, NUMERIC -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            case TIMESTAMP, TIMESTAMPTZ -> "TIMESTAMP";
            case DATE -> "DATE";
            default -> "VARCHAR";
        };
        if (druidType.equals("BOOLEAN")) {
            text = switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "t", "true", "yes", "on", "1" -> "true";
                case "f", "false", "no", "off", "0" -> "false";
                default -> text;
            };
        }
        return SqlParameters.fromDruid(position, druidType, TextNode.valueOf(text));
    }

    private static Object binaryParameter(int position, PgType type, byte[] value)
    {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        try {
            Object decoded = switch (type) {
                case BOOL -> fixed(value, 1, position, type) && value[0] != 0;
                case INT2 -> fixed(value, 2, position, type) ? (long) buffer.getShort() : null;
                case INT4, OID -> fixed(value, 4, position, type) ? (long) buffer.getInt() : null;
                case INT8 -> fixed(value, 8, position, type) ? buffer.getLong() : null;
                case FLOAT4 -> fixed(value, 4, position, type) ? SqlParameters.finiteDouble(position, buffer.getFloat()) : null;
                case FLOAT8 -> fixed(value, 8, position, type) ? SqlParameters.finiteDouble(position, buffer.getDouble()) : null;
                case TIMESTAMP, TIMESTAMPTZ -> fixed(value, 8, position, type) ? PG_EPOCH.plus(buffer.getLong(), ChronoUnit.MICROS) : null;
                case DATE -> fixed(value, 4, position, type) ? LocalDate.ofEpochDay(PG_EPOCH_DAY + buffer.getInt()) : null;
                case TEXT, VARCHAR, NAME, BPCHAR, UNKNOWN -> SqlParameters.varchar(position, PgBuffer.utf8(value, 0, value.length, "Parameter " + position));
                default -> throw new GroveException(GroveErrorCode.INVALID_PARAMETER, "Parameter " + position + " of type " + type.typeName()
                        + " cannot be sent in binary format; send it as text");
            };
            return decoded;
        }
        catch (ArithmeticException | java.time.DateTimeException e) {
            throw new GroveException(GroveErrorCode.INVALID_PARAMETER, "Parameter " + position + " (" + type.typeName() + ") is out of range: " + e.getMessage());
        }
    }

    private static boolean fixed(byte[] value, int size, int position, PgType type)
    {
        if (value.length != size) {
            throw new PgProtocolException(SqlState.INVALID_BINARY_REPRESENTATION, "Parameter " + position + " is " + value.length
                    + " bytes in binary format, but " + type.typeName() + " takes " + size);
        }
        return true;
    }
}
