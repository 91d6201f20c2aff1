package dev.grove.log;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * File helpers shared by the log's classes.
 */
final class LogFiles
{
    private LogFiles() {}

    static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException
    {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position() - start);
            if (read < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    /** New, renamed and deleted files are durable only once their directory entry is. */
    static void fsyncDirectory(Path directory)
            throws IOException
    {
        if (directory == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static GroveException storageFailure(String what, IOException e)
    {
        return new GroveException(GroveErrorCode.STORAGE_FAILURE, "Failed to " + what + ": " + e.getMessage(), e);
    }
}
