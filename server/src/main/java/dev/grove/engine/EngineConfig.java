package dev.grove.engine;

import static java.util.Objects.requireNonNull;

/**
 * How the embedded DuckDB is opened: worker threads (0 = one per core) and memory limit ("" = DuckDB's default).
 */
public record EngineConfig(int threads, String memoryLimit)
{
    public EngineConfig
    {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must not be negative: " + threads);
        }
        requireNonNull(memoryLimit, "memoryLimit is null");
    }
}
