package dev.grove.demo;

import dev.grove.client.GroveAdminClient;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.TimestampFormat;

import java.util.List;

/**
 * The four analytics datasources of seed 001 (orders, payments, stock, saga_events), with the
 * dimensions it lists: identifiers, enriched names and statuses as string dimensions, amounts,
 * quantities and durations as metrics.
 */
public final class DemoDatasources
{
    private DemoDatasources() {}

    public static final Datasource ORDERS = datasource("orders",
            List.of("orderId", "customerId", "customerName", "productId", "productName", "status", "sagaStatus"),
            List.of(metric("quantity", ColumnType.LONG), metric("price", ColumnType.DOUBLE), metric("totalAmount", ColumnType.DOUBLE),
                    metric("processingTimeMs", ColumnType.LONG)));

    public static final Datasource PAYMENTS = datasource("payments",
            List.of("paymentId", "orderId", "customerId", "customerName", "status", "sagaStatus", "paymentMethod", "paymentProvider", "failureReason"),
            List.of(metric("amount", ColumnType.DOUBLE), metric("processingTimeMs", ColumnType.LONG)));

    public static final Datasource STOCK = datasource("stock",
            List.of("stockId", "orderId", "productId", "productName", "warehouseId", "warehouseName", "status", "sagaStatus"),
            List.of(metric("quantity", ColumnType.LONG), metric("availableStock", ColumnType.LONG), metric("reservedStock", ColumnType.LONG),
                    metric("processingTimeMs", ColumnType.LONG)));

    public static final Datasource SAGA_EVENTS = datasource("saga_events",
            List.of("sagaId", "orderId", "step", "service", "status", "eventType", "errorMessage", "compensating"),
            List.of(metric("durationMs", ColumnType.LONG)));

    public static final List<Datasource> ALL = List.of(ORDERS, PAYMENTS, STOCK, SAGA_EVENTS);

    /** Creates the four datasources; ones that already exist with the same schema are kept as they are. */
    public static void createAll(GroveAdminClient admin)
    {
        ALL.forEach(datasource -> admin.createDatasource(datasource, true));
    }

    private static Datasource datasource(String name, List<String> dimensions, List<Column> metrics)
    {
        DatasourceSchema.Builder schema = DatasourceSchema.newBuilder()
                .setTimestampColumn("timestamp")
                .setTimestampFormat(TimestampFormat.ISO)
                .addAllMetrics(metrics);
        dimensions.forEach(dimension -> schema.addDimensions(Column.newBuilder().setName(dimension).setType(ColumnType.STRING)));
        return Datasource.newBuilder().setName(name).setSchema(schema).build();
    }

    private static Column metric(String name, ColumnType type)
    {
        return Column.newBuilder().setName(name).setType(type).build();
    }
}
