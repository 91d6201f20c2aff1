package dev.grove.bench.vskafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Record values for both systems: JSON events of exactly {@code valueBytes} bytes that match the Grove
 * datasource's schema (time {@code timestamp}, dimensions {@code producer} and {@code payload}, metric
 * {@code seq}), padded in {@code payload}. Kafka gets the very same bytes.
 *
 * <p>A fixed pool is built before the row starts and reused in turn, so neither load generator pays to
 * build events while it is being measured. Immutable; the arrays are never written after construction.
 */
final class EventValues
{
    /** Distinct values in a pool; sequence numbers stay at six digits so every value has the same length. */
    static final int POOL_SIZE = 4096;
    private static final int FIRST_SEQUENCE = 100_000;
    private static final String TIMESTAMP_TEMPLATE = "2026-01-01T00:00:00.000Z";
    static final int MIN_BYTES = event(TIMESTAMP_TEMPLATE, 0, FIRST_SEQUENCE, "").length();

    private final byte[][] values;

    private EventValues(byte[][] values)
    {
        this.values = values;
    }

    /** A pool of events stamped now, each exactly {@code valueBytes} long. */
    static EventValues create(int valueBytes, int producer)
    {
        if (valueBytes < MIN_BYTES) {
            throw new IllegalArgumentException("Values must be at least " + MIN_BYTES + " bytes to hold an event: " + valueBytes);
        }
        if (producer < 0 || producer > 99) {
            throw new IllegalArgumentException("producer must be between 0 and 99: " + producer);
        }
        String timestamp = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        if (timestamp.length() != TIMESTAMP_TEMPLATE.length()) {
            // Instant.toString drops a zero millisecond part; keep the length fixed
            timestamp = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ".000Z");
        }
        byte[][] values = new byte[POOL_SIZE][];
        for (int i = 0; i < POOL_SIZE; i++) {
            int sequence = FIRST_SEQUENCE + i;
            String payload = padding(valueBytes - MIN_BYTES, sequence);
            values[i] = event(timestamp, producer, sequence, payload).getBytes(StandardCharsets.UTF_8);
            if (values[i].length != valueBytes) {
                throw new IllegalStateException("Event of " + values[i].length + " bytes, expected " + valueBytes);
            }
        }
        return new EventValues(values);
    }

    /** The value to send as record number {@code index} (wraps around the pool). */
    byte[] get(long index)
    {
        return values[(int) (index % POOL_SIZE)];
    }

    /** Column names and roles of the datasource these events are written for. */
    static List<String> dimensions()
    {
        return List.of("producer", "payload");
    }

    private static String event(String timestamp, int producer, int sequence, String payload)
    {
        return "{\"timestamp\":\"" + timestamp + "\",\"producer\":\"p" + (producer < 10 ? "0" : "") + producer
                + "\",\"seq\":" + sequence + ",\"payload\":\"" + payload + "\"}";
    }

    /** ASCII letters that vary with the sequence number, so values are not one repeated byte. */
    private static String padding(int length, int sequence)
    {
        StringBuilder builder = new StringBuilder(length);
        int state = sequence;
        for (int i = 0; i < length; i++) {
            state = state * 1_103_515_245 + 12_345;
            builder.append((char) ('a' + ((state >>> 16) & 0x7fff) % 26));
        }
        return builder.toString();
    }
}
