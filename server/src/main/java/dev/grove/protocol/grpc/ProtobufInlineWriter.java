package dev.grove.protocol.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.grove.engine.QueryResult;
import dev.grove.engine.ResultColumn;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Druid's {@code PROTOBUF_INLINE} result format: every row becomes one message of the class named by
 * {@code protobufMessageName}, written length-delimited ({@code writeDelimitedTo}), its fields set by
 * column name. Nulls are left unset; TIMESTAMP and DATE values become {@code google.protobuf.Timestamp}
 * holding whole seconds (Druid drops the milliseconds). Numbers convert where no value is lost
 * (a BIGINT into an {@code int32} field that holds it, a number into a {@code double} or {@code float}).
 *
 * <p>Only a class that is a protobuf {@link Message} is ever initialised: the name is resolved without
 * running the class's static code first, so a request cannot make the node load arbitrary classes.
 *
 * <p>Thread-safe.
 */
final class ProtobufInlineWriter
{
    private static final int MAX_CACHED = 256;
    private static final Map<String, Message> DEFAULTS = new ConcurrentHashMap<>();

    private ProtobufInlineWriter() {}

    static ByteString write(QueryResult result, String messageName)
    {
        Message prototype = prototype(messageName);
        Descriptor descriptor = prototype.getDescriptorForType();
        List<ResultColumn> columns = result.columns();
        List<FieldDescriptor> fields = new ArrayList<>(columns.size());
        for (ResultColumn column : columns) {
            FieldDescriptor field = descriptor.findFieldByName(column.name());
            if (field == null) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Field [" + column.name() + "] not found in Protobuf [" + messageName + "]");
            }
            fields.add(field);
        }
        ByteString.Output out = ByteString.newOutput();
        try {
            for (Object[] row : result.rows()) {
                Message.Builder builder = prototype.newBuilderForType();
                for (int i = 0; i < fields.size(); i++) {
                    if (row[i] != null) {
                        set(builder, fields.get(i), columns.get(i), row[i], messageName);
                    }
                }
                builder.build().writeDelimitedTo(out);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteString();
    }

    /** Fails unless {@code messageName} names a protobuf message class the node has. */
    static void check(String messageName)
    {
        if (messageName.isBlank()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "PROTOBUF_INLINE needs protobufMessageName: the Java class of the protobuf message "
                    + "each row is written as, e.g. dev.grove.proto.query.v1.TimeSeriesRow");
        }
        prototype(messageName);
    }

    private static Message prototype(String messageName)
    {
        Message cached = DEFAULTS.get(messageName);
        if (cached != null) {
            return cached;
        }
        Class<?> type;
        try {
            type = Class.forName(messageName, false, ProtobufInlineWriter.class.getClassLoader());
        }
        catch (ClassNotFoundException | LinkageError e) {
            throw unknown(messageName);
        }
        if (!Message.class.isAssignableFrom(type)) {
            throw unknown(messageName);
        }
        Message prototype;
        try {
            prototype = (Message) type.getMethod("getDefaultInstance").invoke(null);
        }
        catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | ClassCastException e) {
            throw unknown(messageName);
        }
        if (DEFAULTS.size() < MAX_CACHED) {
            DEFAULTS.put(messageName, prototype);
        }
        return prototype;
    }

    private static GroveException unknown(String messageName)
    {
        return new GroveException(GroveErrorCode.INVALID_REQUEST, "Protobuf message [" + messageName + "] not found: protobufMessageName must be the Java class "
                + "of a generated protobuf message on the node's classpath, e.g. dev.grove.proto.query.v1.TimeSeriesRow");
    }

    private static void set(Message.Builder builder, FieldDescriptor field, ResultColumn column, Object value, String messageName)
    {
        if (field.isRepeated()) {
            if (!(value instanceof List<?> list)) {
                throw mismatch(field, column, messageName);
            }
            for (Object element : list) {
                if (element != null) {
                    builder.addRepeatedField(field, convert(field, column, element, messageName));
                }
            }
            return;
        }
        builder.setField(field, convert(field, column, value, messageName));
    }

    private static Object convert(FieldDescriptor field, ResultColumn column, Object value, String messageName)
    {
        Object converted = switch (field.getJavaType()) {
            case MESSAGE -> value instanceof Instant instant && field.getMessageType().getFullName().equals(Timestamp.getDescriptor().getFullName())
                    ? Timestamp.newBuilder().setSeconds(Math.floorDiv(instant.toEpochMilli(), 1000)).build()
                    : null;
            case STRING -> value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString()
                    : value instanceof Instant instant ? instant.toString() : null;
            case LONG -> value instanceof Long || value instanceof Integer ? ((Number) value).longValue()
                    : value instanceof Instant instant ? instant.toEpochMilli() : null;
            case INT -> value instanceof Long number && number == number.intValue() ? number.intValue() : value instanceof Integer ? value : null;
            case DOUBLE -> value instanceof Number number ? number.doubleValue() : null;
            case FLOAT -> value instanceof Number number ? number.floatValue() : null;
            case BOOLEAN -> value instanceof Boolean ? value : value instanceof Long number && (number == 0 || number == 1) ? number == 1 : null;
            case BYTE_STRING -> value instanceof String text ? ByteString.copyFromUtf8(text) : null;
            case ENUM -> value instanceof String text ? field.getEnumType().findValueByName(text) : null;
        };
        if (converted == null) {
            throw mismatch(field, column, messageName);
        }
        return converted;
    }

    private static GroveException mismatch(FieldDescriptor field, ResultColumn column, String messageName)
    {
        return new GroveException(GroveErrorCode.INVALID_REQUEST, "Column [" + column.name() + "] of type " + column.sqlType() + " cannot be written to field ["
                + field.getName() + "] of Protobuf [" + messageName + "], which is " + (field.isRepeated() ? "repeated " : "")
                + field.getType().name().toLowerCase(java.util.Locale.ROOT) + "; cast the column or change the field");
    }
}
