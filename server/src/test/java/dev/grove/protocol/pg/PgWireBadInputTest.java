package dev.grove.protocol.pg;

import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over raw sockets: garbage, malformed and oversized packets, messages out of order,
 * half-open and slow clients. Each gets an ErrorResponse where the stream allows one, the broken
 * connection is closed, and the node and a session opened before keep working.
 */
class PgWireBadInputTest
{
    @TempDir
    Path dataDir;

    private GroveNode node;
    private PgRawClient bystander;

    @BeforeEach
    void start()
            throws IOException
    {
        GroveConfig config = ConfigLoader.fromProperties(Map.of("grove.pg.startupTimeoutMs", "1000",
                "grove.pg.maxMessageBytes", "65536")).withDataDir(dataDir).withPorts(0, 0);
        node = GroveNode.start(config);
        bystander = new PgRawClient(node.pgPort()).connect();
    }

    @AfterEach
    void stop()
            throws IOException
    {
        // the session opened before the bad input still answers
        assertAnswers(bystander);
        bystander.close();
        try (PgRawClient fresh = new PgRawClient(node.pgPort()).connect()) {
            assertAnswers(fresh);
        }
        node.close();
    }

    private static void assertAnswers(PgRawClient client)
            throws IOException
    {
        client.query("SELECT 41 + 1");
        assertThat(client.read().type()).isEqualTo('T');
        PgRawClient.Message row = client.read();
        assertThat(row.type()).isEqualTo('D');
        assertThat(new String(row.body(), 6, 2, StandardCharsets.UTF_8)).isEqualTo("42");
        assertThat(client.readUntil('Z').body()).containsExactly('I');
    }

    private PgRawClient client()
            throws IOException
    {
        return new PgRawClient(node.pgPort());
    }

    @Test
    void garbageInsteadOfAStartupPacketIsRefusedAndClosed()
            throws IOException
    {
        try (PgRawClient client = client()) {
            client.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            PgRawClient.Message error = client.read();
            assertThat(error.type()).isEqualTo('E');
            assertThat(error.severity()).isEqualTo("FATAL");
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(error.message()).contains("invalid length of startup packet");
            assertThat(client.closedByServer()).isTrue();
        }
        try (PgRawClient client = client()) {
            client.raw(new byte[] {0, 0, 0, 4});
            assertThat(client.read().sqlState()).isEqualTo("08P01");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void malformedStartupPacketsGetSpecificErrors()
            throws IOException
    {
        try (PgRawClient client = client()) {
            client.startupPacket(2 << 16, "user", "grove");
            PgRawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("0A000");
            assertThat(error.message()).contains("unsupported frontend protocol 2.0");
            assertThat(client.closedByServer()).isTrue();
        }
        try (PgRawClient client = client()) {
            client.startupPacket(PgConnection.PROTOCOL_3_0, "database", "grove");
            PgRawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("28000");
            assertThat(error.message()).contains("no PostgreSQL user name");
        }
        try (PgRawClient client = client()) {
            // a parameter name without its value and terminator
            client.raw(PgRawClient.body(4 + 4 + 4, PgConnection.PROTOCOL_3_0, new byte[] {'u', 's', 'e', 'r'}));
            PgRawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void tlsAndGssEncryptionRequestsAreDeclinedAndStartupGoesOn()
            throws IOException
    {
        try (PgRawClient client = client()) {
            client.startupPacket(PgConnection.SSL_REQUEST);
            assertThat(client.readByte()).isEqualTo('N');
            client.startupPacket(PgConnection.GSSENC_REQUEST);
            assertThat(client.readByte()).isEqualTo('N');
            client.connect();
            assertAnswers(client);
        }
    }

    @Test
    void aCancelRequestWithAWrongKeyCancelsNothing()
            throws IOException
    {
        try (PgRawClient client = client()) {
            client.startupPacket(PgConnection.CANCEL_REQUEST, new String[0]);
        }
        try (PgRawClient client = client()) {
            client.raw(PgRawClient.body(16, PgConnection.CANCEL_REQUEST, 1, 12345));
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anOversizedMessageClosesTheConnectionWithoutReadingIt()
            throws IOException
    {
        try (PgRawClient client = client().connect()) {
            client.raw(PgRawClient.body((byte) 'Q', 100 * 1024 * 1024));
            PgRawClient.Message error = client.read();
            assertThat(error.severity()).isEqualTo("FATAL");
            assertThat(error.sqlState()).isEqualTo("54000");
            assertThat(error.message()).contains("grove.pg.maxMessageBytes");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anUnknownMessageTypeIsAFatalProtocolViolation()
            throws IOException
    {
        try (PgRawClient client = client().connect()) {
            client.message('z', new byte[3]);
            PgRawClient.Message error = client.read();
            assertThat(error.severity()).isEqualTo("FATAL");
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(error.message()).contains("invalid frontend message type 'z'");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void messagesOutOfOrderAreErrorsSkippedUntilSync()
            throws IOException
    {
        try (PgRawClient client = client().connect()) {
            // Bind to a statement never parsed, then Execute a portal never bound: one error, the rest skipped until Sync
            client.message('B', PgRawClient.body("", "nope", (short) 0, (short) 0, (short) 0));
            client.message('E', PgRawClient.body("", 0));
            client.message('S', new byte[0]);
            PgRawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("26000");
            assertThat(error.message()).contains("prepared statement \"nope\" does not exist");
            assertThat(client.read().type()).isEqualTo('Z');

            client.message('E', PgRawClient.body("", 0));
            client.message('S', new byte[0]);
            assertThat(client.read().sqlState()).isEqualTo("34000");
            assertThat(client.read().type()).isEqualTo('Z');

            // several statements in one prepared statement, a Bind with the wrong parameter count, a malformed binary value
            client.message('P', PgRawClient.body("", "SELECT 1; SELECT 2", (short) 0));
            client.message('S', new byte[0]);
            assertThat(client.read().sqlState()).isEqualTo("42601");
            assertThat(client.read().type()).isEqualTo('Z');
            client.message('P', PgRawClient.body("s1", "SELECT $1 + 1", (short) 1, 20));
            client.message('B', PgRawClient.body("", "s1", (short) 0, (short) 0, (short) 0));
            client.message('S', new byte[0]);
            assertThat(client.read().type()).isEqualTo('1');
            PgRawClient.Message count = client.read();
            assertThat(count.sqlState()).isEqualTo("08P01");
            assertThat(count.message()).contains("supplies 0 parameters");
            assertThat(client.read().type()).isEqualTo('Z');
            client.message('B', PgRawClient.body("", "s1", (short) 1, (short) 1, (short) 1, 3, new byte[] {1, 2, 3}, (short) 0));
            client.message('S', new byte[0]);
            assertThat(client.read().sqlState()).isEqualTo("22P03");
            assertThat(client.read().type()).isEqualTo('Z');

            // the same statement, bound properly in binary, with a row limit: suspended, then complete
            client.message('B', PgRawClient.body("", "s1", (short) 1, (short) 1, (short) 1, 8, new byte[] {0, 0, 0, 0, 0, 0, 0, 41}, (short) 1, (short) 1));
            client.message('D', PgRawClient.body((byte) 'P', ""));
            client.message('E', PgRawClient.body("", 1));
            client.message('S', new byte[0]);
            assertThat(client.read().type()).isEqualTo('2');
            assertThat(client.read().type()).isEqualTo('T');
            PgRawClient.Message row = client.read();
            assertThat(row.type()).isEqualTo('D');
            assertThat(row.body()).endsWith(0, 0, 0, 0, 0, 0, 0, 42);
            assertThat(client.read().type()).isEqualTo('C');
            assertThat(client.read().type()).isEqualTo('Z');
        }
    }

    @Test
    void anEmptyQueryAndSeveralStatementsInOneQuery()
            throws IOException
    {
        try (PgRawClient client = client().connect()) {
            client.query("  -- nothing\n ; ");
            assertThat(client.read().type()).isEqualTo('I');
            assertThat(client.read().type()).isEqualTo('Z');
            client.query("SELECT 1; SET application_name = 'x'; SELECT nope FROM nowhere; SELECT 3");
            assertThat(client.read().type()).isEqualTo('T');
            assertThat(client.read().type()).isEqualTo('D');
            assertThat(new String(client.read().body(), StandardCharsets.UTF_8)).startsWith("SELECT 1");
            PgRawClient.Message status = client.read();
            assertThat(status.type()).isEqualTo('S');
            assertThat(new String(status.body(), StandardCharsets.UTF_8)).isEqualTo("application_name\0x\0");
            assertThat(new String(client.read().body(), StandardCharsets.UTF_8)).startsWith("SET");
            PgRawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("42P01");
            assertThat(error.fields().get('P')).as("position of nowhere in the whole query string").isEqualTo("56");
            // the statement after the error is not run
            assertThat(client.read().type()).isEqualTo('Z');
        }
    }

    @Test
    void halfOpenAndSlowClientsAreCutOff()
            throws IOException
    {
        try (PgRawClient client = client()) {
            // two bytes of a startup packet, then silence: cut off at grove.pg.startupTimeoutMs
            client.raw(new byte[] {0, 0});
            PgRawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(error.message()).contains("grove.pg.startupTimeoutMs");
            assertThat(client.closedByServer()).isTrue();
        }
        try (PgRawClient client = client().connect()) {
            // half a message, then silence
            client.raw(new byte[] {'Q', 0, 0, 0, 20, 'S', 'E'});
            assertThat(client.read().sqlState()).isEqualTo("08P01");
            assertThat(client.closedByServer()).isTrue();
        }
        // a client silent after startup is cut off at grove.pg.idleTimeoutMs (a node of its own: the bystander must stay)
        GroveConfig config = ConfigLoader.fromProperties(Map.of("grove.pg.idleTimeoutMs", "500")).withDataDir(dataDir.resolve("idle")).withPorts(0, 0);
        try (GroveNode idle = GroveNode.start(config); PgRawClient client = new PgRawClient(idle.pgPort()).connect()) {
            PgRawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("57P05");
            assertThat(client.closedByServer()).isTrue();
        }
        // a client that vanishes mid-message leaves nothing behind
        PgRawClient vanishing = client().connect();
        vanishing.raw(new byte[] {'Q', 0, 0, 1, 0});
        vanishing.close();
    }
}
