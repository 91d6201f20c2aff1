package dev.grove.protocol.pg;

import dev.grove.config.ConfigLoader;
import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random bytes and mutated valid messages on the PostgreSQL port, with a fixed seed: each connection is
 * answered or closed by the server within the configured timeouts, never left hanging, and afterwards
 * the node still answers a well-behaved client.
 */
class PgWireFuzzTest
{
    private static final long SEED = 20261129L;
    private static final int ITERATIONS = 150;
    private static final char[] TYPES = "PBDESCHQXpfdcF".toCharArray();

    @TempDir
    Path dataDir;

    @Test
    void randomAndMutatedInputNeverHangsOrHarmsTheNode()
            throws Exception
    {
        GroveConfig config = ConfigLoader.fromProperties(Map.of("grove.pg.startupTimeoutMs", "500", "grove.pg.idleTimeoutMs", "1000",
                "grove.pg.maxMessageBytes", "65536")).withDataDir(dataDir).withPorts(0, 0);
        Random random = new Random(SEED);
        try (GroveNode node = GroveNode.start(config)) {
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                String what = "seed " + SEED + " iteration " + iteration;
                try (PgRawClient client = new PgRawClient(node.pgPort())) {
                    client.socket.setSoTimeout(15_000);
                    if (iteration % 3 == 0) {
                        client.raw(bytes(random, random.nextInt(64)));
                    }
                    else {
                        client.connect();
                        for (int message = 0; message < 1 + random.nextInt(4); message++) {
                            send(client, random);
                        }
                        client.message('S', new byte[0]);
                    }
                    assertThat(answeredOrClosed(client)).as(what).isTrue();
                }
                catch (IOException e) {
                    // the server may close while the client still writes: also an answer
                    assertThat(e).as(what).isNotInstanceOf(SocketTimeoutException.class);
                }
            }
            try (PgRawClient client = new PgRawClient(node.pgPort()).connect()) {
                client.query("SELECT 'still here'");
                assertThat(client.read().type()).isEqualTo('T');
                assertThat(new String(client.read().body(), StandardCharsets.UTF_8)).contains("still here");
            }
        }
    }

    /** A random message type with a random body, or a valid message with a few bytes flipped. */
    private static void send(PgRawClient client, Random random)
            throws IOException
    {
        if (random.nextBoolean()) {
            client.message(TYPES[random.nextInt(TYPES.length)], bytes(random, random.nextInt(48)));
            return;
        }
        byte[] valid = switch (random.nextInt(3)) {
            case 0 -> PgRawClient.body("s", "SELECT $1 + 1", (short) 1, 20);
            case 1 -> PgRawClient.body("", "s", (short) 1, (short) 1, (short) 1, 8, new byte[8], (short) 0);
            default -> PgRawClient.cString("SELECT 1; SELECT 'x'");
        };
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
            valid[random.nextInt(valid.length)] ^= (byte) (1 << random.nextInt(8));
        }
        client.message("PBQ".charAt(random.nextInt(3)), valid);
    }

    /** Reads until ReadyForQuery or the server closes; false if neither happens within the socket timeout. */
    private static boolean answeredOrClosed(PgRawClient client)
            throws IOException
    {
        for (int i = 0; i < 1000; i++) {
            PgRawClient.Message message;
            try {
                message = client.read();
            }
            catch (java.io.EOFException | java.net.SocketException e) {
                return true;
            }
            catch (SocketTimeoutException e) {
                return false;
            }
            if (message.type() == 'Z') {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
