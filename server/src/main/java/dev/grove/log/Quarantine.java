package dev.grove.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Logged records that recovery could not apply, set aside so that start-up goes on. Each is kept as
 * one JSON line beside the log ({@code quarantine.jsonl}) with its partition (absent: 0) and offset, the reason and the raw
 * record, so an operator can inspect, fix and re-send it. A quarantined offset is skipped on every
 * later replay without being tried again.
 *
 * <p>Thread-safe.
 */
public final class Quarantine
{
    public static final String FILE_NAME = "quarantine.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Set<Key> offsets;

    private Quarantine(Path file, Set<Key> offsets)
    {
        this.file = requireNonNull(file, "file is null");
        this.offsets = requireNonNull(offsets, "offsets is null");
    }

    /** Reads the quarantine kept in {@code logDirectory}, if any; a line cut off by a crash is ignored (tried again). */
    public static Quarantine open(Path logDirectory)
    {
        Path file = logDirectory.resolve(FILE_NAME);
        Set<Key> offsets = new HashSet<>();
        try {
            for (String line : DurableLines.read(file)) {
                try {
                    JsonNode entry = JSON.readTree(line);
                    if (entry != null && entry.path("offset").isIntegralNumber()) {
                        offsets.add(new Key(entry.path("partition").asInt(0), entry.get("offset").asLong()));
                    }
                }
                catch (IOException ignored) {
                    // a line edited by hand into something else: its record is tried again, and set aside again if it fails
                }
            }
        }
        catch (IOException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Failed to read " + file + ": " + e.getMessage(), e);
        }
        return new Quarantine(file, offsets);
    }

    public synchronized boolean contains(int partition, long offset)
    {
        return offsets.contains(new Key(partition, offset));
    }

    /** How many records are quarantined. */
    public synchronized int size()
    {
        return offsets.size();
    }

    public Path file()
    {
        return file;
    }

    /** Sets the record at {@code offset} aside, durably. */
    public synchronized void add(int partition, long offset, LogRecord record, String reason)
    {
        Key key = new Key(partition, offset);
        if (offsets.contains(key)) {
            return;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        if (partition != 0) {
            entry.put("partition", partition);
        }
        entry.put("offset", offset);
        entry.put("reason", reason);
        entry.put("quarantinedAt", Instant.now().toString());
        entry.put("timestampMillis", record.timestampMillis());
        entry.put("key", Base64.getEncoder().encodeToString(record.key()));
        String text = utf8OrNull(record.value());
        if (text != null) {
            entry.put("value", text);
        }
        else {
            entry.put("valueBase64", Base64.getEncoder().encodeToString(record.value()));
        }
        try {
            DurableLines.append(file, JSON.writeValueAsString(entry));
        }
        catch (IOException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Failed to write " + file + ": " + e.getMessage(), e);
        }
        offsets.add(key);
    }

    private static String utf8OrNull(byte[] bytes)
    {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        }
        catch (CharacterCodingException e) {
            return null;
        }
    }

    private record Key(int partition, long offset) {}
}
