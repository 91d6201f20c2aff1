package dev.grove.protocol.grpc;

import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.ColumnType;
import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceSchema;
import dev.grove.datasource.TimestampFormat;
import dev.grove.datasource.TimestampSpec;
import dev.grove.proto.admin.v1.Column;

import java.util.List;

/**
 * Converts datasources between the model and {@code grove.admin.v1} messages.
 */
public final class DatasourceProtos
{
    private DatasourceProtos() {}

    /**
     * @throws IllegalArgumentException when the message does not describe a valid schema
     */
    public static DatasourceSchema toSchema(dev.grove.proto.admin.v1.DatasourceSchema proto)
    {
        String column = proto.getTimestampColumn().isEmpty() ? TimestampSpec.DEFAULT.column() : proto.getTimestampColumn();
        TimestampFormat format = switch (proto.getTimestampFormat()) {
            case ISO -> TimestampFormat.ISO;
            case MILLIS -> TimestampFormat.MILLIS;
            case POSIX -> TimestampFormat.POSIX;
            case AUTO, TIMESTAMP_FORMAT_UNSPECIFIED -> TimestampFormat.AUTO;
            case UNRECOGNIZED -> throw new IllegalArgumentException("Unknown timestamp format " + proto.getTimestampFormatValue());
        };
        return new DatasourceSchema(new TimestampSpec(column, format), columns(proto.getDimensionsList()), columns(proto.getMetricsList()));
    }

    private static List<ColumnSpec> columns(List<Column> columns)
    {
        return columns.stream().map(column -> new ColumnSpec(column.getName(), switch (column.getType()) {
            case STRING -> ColumnType.STRING;
            case LONG -> ColumnType.LONG;
            case DOUBLE -> ColumnType.DOUBLE;
            case COLUMN_TYPE_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("Column '" + column.getName() + "' needs a type: STRING, LONG or DOUBLE");
        })).toList();
    }

    public static dev.grove.proto.admin.v1.Datasource toProto(Datasource datasource)
    {
        return toProto(datasource.name(), datasource.schema()).toBuilder().setCreatedAtMillis(datasource.createdAtMillis())
                .setPartitions(datasource.partitions()).build();
    }

    public static dev.grove.proto.admin.v1.Datasource toProto(String name, DatasourceSchema schema)
    {
        dev.grove.proto.admin.v1.DatasourceSchema.Builder proto = dev.grove.proto.admin.v1.DatasourceSchema.newBuilder()
                .setTimestampColumn(schema.timestamp().column())
                .setTimestampFormat(dev.grove.proto.admin.v1.TimestampFormat.valueOf(schema.timestamp().format().name()));
        schema.dimensions().forEach(column -> proto.addDimensions(toProto(column)));
        schema.metrics().forEach(column -> proto.addMetrics(toProto(column)));
        return dev.grove.proto.admin.v1.Datasource.newBuilder().setName(name).setSchema(proto).build();
    }

    private static Column toProto(ColumnSpec column)
    {
        return Column.newBuilder().setName(column.name()).setType(dev.grove.proto.admin.v1.ColumnType.valueOf(column.type().name())).build();
    }
}
