package dev.grove.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A temporary directory for a node a benchmark starts: deleted by {@link #close()}, or when the JVM exits
 * (Ctrl-C included) if it never got that far. Thread-safe.
 */
public final class TemporaryDirectory
        implements AutoCloseable
{
    private final Path path;
    private final Thread deleteAtExit;

    private TemporaryDirectory(Path path)
    {
        this.path = requireNonNull(path, "path is null");
        this.deleteAtExit = new Thread(this::deleteQuietly, "delete-" + path.getFileName());
        Runtime.getRuntime().addShutdownHook(deleteAtExit);
    }

    public static TemporaryDirectory create(String prefix)
    {
        try {
            return new TemporaryDirectory(Files.createTempDirectory(prefix));
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory", e);
        }
    }

    public Path path()
    {
        return path;
    }

    /** Deletes the directory and everything in it. */
    @Override
    public void close()
    {
        deleteRecursively(path);
        try {
            Runtime.getRuntime().removeShutdownHook(deleteAtExit);
        }
        catch (IllegalStateException e) {
            // already shutting down: the hook runs and finds nothing left
        }
    }

    private void deleteQuietly()
    {
        try {
            deleteRecursively(path);
        }
        catch (UncheckedIOException e) {
            // the JVM is exiting while a node may still write here; nothing more to do
        }
    }

    private static void deleteRecursively(Path directory)
    {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + directory, e);
        }
    }
}
