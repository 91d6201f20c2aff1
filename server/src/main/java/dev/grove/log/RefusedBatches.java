package dev.grove.log;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The batches of one log that were written but then refused, because applying them to the table
 * failed after they were logged. The producer was told so, so recovery must never replay them: a
 * refused event never appears later. Kept beside the log as one line per batch,
 * {@code baseOffset count reason}, forced to disk before the refusal is reported. A line cut off by a
 * crash has no newline and is ignored; its producer was never answered. Since format 2 the first
 * field is {@code partition:baseOffset}; a plain number (format 1) is partition 0.
 *
 * <p>Thread-safe: the indexer thread records refusals while the appender thread owns the log.
 */
public final class RefusedBatches
        implements AutoCloseable
{
    static final String FILE_NAME = "refused-batches";

    private final Path file;
    private final Set<Key> baseOffsets;
    private boolean closed;

    private RefusedBatches(Path file, Set<Key> baseOffsets)
    {
        this.file = requireNonNull(file, "file is null");
        this.baseOffsets = requireNonNull(baseOffsets, "baseOffsets is null");
    }

    /** Reads the refusals kept in {@code logDirectory}, if any. */
    public static RefusedBatches open(Path logDirectory)
    {
        Path file = logDirectory.resolve(FILE_NAME);
        Set<Key> baseOffsets = new HashSet<>();
        try {
            for (String line : DurableLines.read(file)) {
                try {
                    baseOffsets.add(Key.parse(line.split(" ", 2)[0]));
                }
                catch (NumberFormatException ignored) {
                    // not a line this class wrote; nothing to skip for it
                }
            }
        }
        catch (IOException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Failed to read " + file + ": " + e.getMessage(), e);
        }
        return new RefusedBatches(file, baseOffsets);
    }

    public synchronized boolean contains(int partition, long baseOffset)
    {
        return baseOffsets.contains(new Key(partition, baseOffset));
    }

    public synchronized int size()
    {
        return baseOffsets.size();
    }

    /**
     * Records the refusal durably.
     *
     * @return false when the log was closed meanwhile (its datasource dropped): nothing is left to replay
     * @throws GroveException STORAGE_FAILURE when the refusal cannot be made durable
     */
    public synchronized boolean record(int partition, long baseOffset, int count, String reason)
    {
        if (closed) {
            return false;
        }
        try {
            DurableLines.append(file, partition + ":" + baseOffset + " " + count + " " + reason.replace('\n', ' '));
        }
        catch (IOException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Failed to record a refused batch in " + file + ": " + e.getMessage(), e);
        }
        baseOffsets.add(new Key(partition, baseOffset));
        return true;
    }

    /** Records nothing more: the log is closed, and its directory may be deleted next. */
    @Override
    public synchronized void close()
    {
        closed = true;
    }

    private record Key(int partition, long baseOffset)
    {
        static Key parse(String field)
        {
            int colon = field.indexOf(':');
            return colon < 0 ? new Key(0, Long.parseLong(field)) : new Key(Integer.parseInt(field.substring(0, colon)), Long.parseLong(field.substring(colon + 1)));
        }
    }
}
