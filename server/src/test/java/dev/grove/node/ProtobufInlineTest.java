package dev.grove.node;

import com.google.protobuf.ByteString;
import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import dev.grove.proto.query.v1.TimeSeriesRow;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Druid's {@code PROTOBUF_INLINE} over real gRPC: rows as length-delimited messages of the named class,
 * timestamps as whole seconds, nulls unset; and each way it can be asked for wrongly answered with
 * REQUEST_ERROR and a message saying what to change.
 */
class ProtobufInlineTest
{
    private static final String MESSAGE = TimeSeriesRow.class.getName();

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
        clients.create(NodeClients.events("orders"));
        clients.produce("orders", List.of(
                "{\"timestamp\":\"2026-03-01T10:00:05.789Z\",\"status\":\"COMPLETED\",\"quantity\":2,\"amount\":20.5}",
                "{\"timestamp\":\"2026-03-01T10:00:40.000Z\",\"status\":\"COMPLETED\",\"quantity\":1,\"amount\":9.5}",
                "{\"timestamp\":\"2026-03-01T10:01:10.000Z\",\"quantity\":3,\"amount\":30.25}"));
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        clients.close();
        node.close();
    }

    @Test
    void rowsAreDelimitedMessagesOfTheNamedClass()
            throws IOException
    {
        QueryResponse response = query("SELECT TIME_FLOOR(__time, 'PT1M') AS \"time\", status, COUNT(*) AS \"count\", SUM(amount) AS amount "
                + "FROM orders GROUP BY 1, 2 ORDER BY 1", MESSAGE);
        assertThat(response.getStatus()).as(response.getErrorMessage()).isEqualTo(QueryStatus.OK);
        assertThat(response.getColumnsList()).extracting(column -> column.getName()).containsExactly("time", "status", "count", "amount");
        List<TimeSeriesRow> rows = parse(response.getData());
        assertThat(rows).containsExactly(
                TimeSeriesRow.newBuilder().setTime(seconds("2026-03-01T10:00:00Z")).setStatus("COMPLETED").setCount(2).setAmount(30.0).build(),
                // a null status is left unset
                TimeSeriesRow.newBuilder().setTime(seconds("2026-03-01T10:01:00Z")).setCount(1).setAmount(30.25).build());
        assertThat(rows.get(1).getStatus()).isEmpty();

        // Druid writes whole seconds: the .789 is dropped
        QueryResponse precise = query("SELECT __time AS \"time\" FROM orders ORDER BY __time LIMIT 1", MESSAGE);
        assertThat(parse(precise.getData())).containsExactly(TimeSeriesRow.newBuilder().setTime(seconds("2026-03-01T10:00:05Z")).build());

        QueryResponse empty = query("SELECT status FROM orders WHERE quantity > 100", MESSAGE);
        assertThat(empty.getStatus()).isEqualTo(QueryStatus.OK);
        assertThat(empty.getData()).isEqualTo(ByteString.EMPTY);
    }

    @Test
    void wrongRequestsAreRequestErrorsThatSayWhatToChange()
    {
        QueryResponse missing = query("SELECT 1", "");
        assertThat(missing.getStatus()).isEqualTo(QueryStatus.REQUEST_ERROR);
        assertThat(missing.getErrorMessage()).startsWith("PROTOBUF_INLINE needs protobufMessageName");

        for (String name : List.of("com.example.NoSuchRow", "java.lang.Runtime", "not a class", "dev.grove.node.GroveNode")) {
            QueryResponse unknown = query("SELECT 1", name);
            assertThat(unknown.getStatus()).as(name).isEqualTo(QueryStatus.REQUEST_ERROR);
            assertThat(unknown.getErrorMessage()).startsWith("Protobuf message [" + name + "] not found");
        }

        QueryResponse field = query("SELECT status, quantity FROM orders", MESSAGE);
        assertThat(field.getStatus()).isEqualTo(QueryStatus.REQUEST_ERROR);
        assertThat(field.getErrorMessage()).isEqualTo("Field [quantity] not found in Protobuf [" + MESSAGE + "]");

        QueryResponse type = query("SELECT status AS \"count\" FROM orders WHERE status IS NOT NULL", MESSAGE);
        assertThat(type.getStatus()).isEqualTo(QueryStatus.REQUEST_ERROR);
        assertThat(type.getErrorMessage()).startsWith("Column [count] of type VARCHAR cannot be written to field [count] of Protobuf [" + MESSAGE + "], which is int64");

        QueryResponse response = clients.query.submitQuery(QueryRequest.newBuilder().setQuery("SELECT 1").setResultFormat(QueryResultFormat.PROTOBUF_RESPONSE).build());
        assertThat(response.getStatus()).isEqualTo(QueryStatus.REQUEST_ERROR);
        assertThat(response.getErrorMessage()).isEqualTo("Unsupported query result format: PROTOBUF_RESPONSE");

        QueryResponse badSql = query("SELECT FROM", MESSAGE);
        assertThat(badSql.getStatus()).isEqualTo(QueryStatus.INVALID_SQL);
    }

    private static QueryResponse query(String sql, String messageName)
    {
        QueryRequest.Builder request = QueryRequest.newBuilder().setQuery(sql).setResultFormat(QueryResultFormat.PROTOBUF_INLINE);
        if (!messageName.isEmpty()) {
            request.setProtobufMessageName(messageName);
        }
        return clients.holocron.proxy(request.build());
    }

    private static List<TimeSeriesRow> parse(ByteString data)
            throws IOException
    {
        List<TimeSeriesRow> rows = new ArrayList<>();
        try (InputStream in = data.newInput()) {
            TimeSeriesRow row;
            while ((row = TimeSeriesRow.parseDelimitedFrom(in)) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static com.google.protobuf.Timestamp seconds(String instant)
    {
        return com.google.protobuf.Timestamp.newBuilder().setSeconds(java.time.Instant.parse(instant).getEpochSecond()).build();
    }
}
