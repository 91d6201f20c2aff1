package dev.grove.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads {@link GroveConfig} from, lowest precedence first: the defaults in {@link ConfigKey}, a
 * Java properties file, environment variables ({@code GROVE_HTTP_PORT} for {@code grove.http.port})
 * and command-line flags. Unknown keys in a file are refused, so a typo never passes silently.
 */
public final class ConfigLoader
{
    private ConfigLoader() {}

    public static GroveConfig load(Path configFile, Map<String, String> environment, Map<String, String> flags)
    {
        Map<String, String> values = new HashMap<>();
        if (configFile != null) {
            values.putAll(readFile(configFile));
        }
        for (ConfigKey key : ConfigKey.values()) {
            String fromEnvironment = environment.get(key.environmentVariable());
            if (fromEnvironment != null) {
                values.put(key.key(), fromEnvironment);
            }
        }
        values.putAll(flags);
        return fromProperties(values);
    }

    public static GroveConfig fromProperties(Map<String, String> values)
    {
        for (String key : values.keySet()) {
            if (ConfigKey.forKey(key).isEmpty()) {
                throw new IllegalArgumentException("Unknown configuration key '" + key + "'; see docs/configuration.md for the keys Grove reads");
            }
        }
        Function<ConfigKey, String> get = key -> values.getOrDefault(key.key(), key.defaultValue()).trim();
        return new GroveConfig(
                Path.of(get.apply(ConfigKey.DATA_DIR)),
                get.apply(ConfigKey.HOST),
                parseInt(ConfigKey.HTTP_PORT, get),
                new HttpConfig(
                        parseInt(ConfigKey.HTTP_THREADS, get),
                        parseInt(ConfigKey.HTTP_MAX_QUEUED_REQUESTS, get),
                        parseLong(ConfigKey.HTTP_IDLE_TIMEOUT_MS, get),
                        parseLong(ConfigKey.HTTP_REQUEST_TIMEOUT_MS, get),
                        parseInt(ConfigKey.HTTP_MAX_HEADER_BYTES, get),
                        parseInt(ConfigKey.HTTP_MAX_BODY_BYTES, get)),
                parseInt(ConfigKey.GRPC_PORT, get),
                parseInt(ConfigKey.INGEST_MAX_BATCH_RECORDS, get),
                parseInt(ConfigKey.INGEST_MAX_RECORD_BYTES, get),
                parseInt(ConfigKey.INGEST_MAX_PENDING_BATCHES, get),
                parseBoolean(ConfigKey.LOG_FSYNC, get),
                new QueryConfig(
                        parseLong(ConfigKey.QUERY_TIMEOUT_MS, get),
                        parseInt(ConfigKey.QUERY_MAX_RESULT_ROWS, get),
                        parseLong(ConfigKey.QUERY_MAX_RESULT_BYTES, get),
                        parseInt(ConfigKey.QUERY_MAX_SQL_LENGTH, get),
                        parseInt(ConfigKey.QUERY_MAX_NESTING_DEPTH, get),
                        parseInt(ConfigKey.QUERY_MAX_OPERATORS, get),
                        parseInt(ConfigKey.QUERY_MAX_EXPRESSION_NODES, get),
                        parseInt(ConfigKey.QUERY_MAX_SELECT_ITEMS, get),
                        parseInt(ConfigKey.QUERY_MAX_IN_LIST_ITEMS, get),
                        parseInt(ConfigKey.QUERY_MAX_CONCURRENT, get),
                        parseInt(ConfigKey.QUERY_MAX_QUEUED, get)),
                parseInt(ConfigKey.ENGINE_THREADS, get),
                get.apply(ConfigKey.ENGINE_MEMORY_LIMIT),
                parseInt(ConfigKey.DEMO_RATE, get),
                parseLong(ConfigKey.SHUTDOWN_GRACE_MS, get));
    }

    private static Map<String, String> readFile(Path file)
    {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    private static int parseInt(ConfigKey key, Function<ConfigKey, String> get)
    {
        return Math.toIntExact(parseLong(key, get));
    }

    private static long parseLong(ConfigKey key, Function<ConfigKey, String> get)
    {
        String value = get.apply(key);
        try {
            return Long.parseLong(value);
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.key() + " must be a whole number, was '" + value + "'");
        }
    }

    private static boolean parseBoolean(ConfigKey key, Function<ConfigKey, String> get)
    {
        String value = get.apply(key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key.key() + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
