package dev.grove.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Small append-only text files kept beside a log (refused batches, the quarantine): a line is forced
 * to disk before {@link #append} returns, and a last line a crash cut off (no newline) is not read back.
 */
final class DurableLines
{
    private DurableLines() {}

    /** Appends {@code line} and a newline, and forces it to disk. */
    static void append(Path file, String line)
            throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    /** The complete lines of {@code file}, or none when it does not exist. */
    static List<String> read(Path file)
            throws IOException
    {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : Arrays.asList(text.substring(0, end).split("\n", -1));
    }
}
