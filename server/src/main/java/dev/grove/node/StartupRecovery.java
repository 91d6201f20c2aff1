package dev.grove.node;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceRegistry;
import dev.grove.engine.DuckDbEngine;
import dev.grove.ingest.LogAppender;
import dev.grove.protocol.http.StartupState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Recovers every datasource at start-up, one after the other, and reports the progress to
 * {@link StartupState}: the share of log bytes belonging to the datasources already recovered (or of
 * the datasources, when the logs are empty), and which datasource it is on. Confined to the starting thread.
 */
final class StartupRecovery
{
    private final DuckDbEngine engine;
    private final LogAppender appender;
    private final DatasourceRegistry registry;
    private final Path logRoot;
    private final StartupState startup;

    StartupRecovery(DuckDbEngine engine, LogAppender appender, DatasourceRegistry registry, Path logRoot, StartupState startup)
    {
        this.engine = requireNonNull(engine, "engine is null");
        this.appender = requireNonNull(appender, "appender is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.logRoot = requireNonNull(logRoot, "logRoot is null");
        this.startup = requireNonNull(startup, "startup is null");
    }

    void recoverAll(List<Datasource> datasources, Consumer<String> beforeEach)
    {
        long[] logBytes = datasources.stream().mapToLong(datasource -> bytesUnder(LogAppender.logDirectory(logRoot, datasource.name()))).toArray();
        long totalBytes = Arrays.stream(logBytes).sum();
        long doneBytes = 0;
        for (int i = 0; i < datasources.size(); i++) {
            Datasource datasource = datasources.get(i);
            double progress = totalBytes > 0 ? (double) doneBytes / totalBytes : (double) i / datasources.size();
            startup.recovering(progress, "recovering datasource '" + datasource.name() + "' (" + (i + 1) + " of " + datasources.size() + ")");
            beforeEach.accept(datasource.name());
            engine.createTable(datasource);
            appender.recover(datasource);
            registry.put(datasource);
            doneBytes += logBytes[i];
        }
        startup.recovering(1, "recovered " + datasources.size() + " datasources; starting gRPC");
    }

    private static long bytesUnder(Path directory)
    {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                }
                catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
        catch (IOException e) {
            return 0;
        }
    }
}
