package dev.grove.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the temporary directories benchmarks create for the nodes they start. */
public final class TemporaryDirectories
{
    private TemporaryDirectories() {}

    /** Deletes the directory and everything under it; a missing directory is fine. */
    public static void deleteRecursively(Path directory)
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
