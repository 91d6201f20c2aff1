package dev.grove.config;

import dev.grove.error.NearestNames;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link GroveConfig} from, lowest precedence first: the defaults in {@link ConfigKey}, a
 * Java properties file, environment variables ({@code GROVE_HTTP_PORT} for {@code grove.http.port})
 * and command-line flags. Unknown keys in a file and unknown {@code GROVE_*} environment variables are
 * refused with the nearest known name, so a typo never passes silently; a value that does not parse is
 * refused naming its key, where it came from and the form expected.
 */
public final class ConfigLoader
{
    /** {@code GROVE_*} variables the launcher, logging and the CLI read (passwords among them), which are not configuration keys. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("GROVE_JAVA_OPTS", "GROVE_LOG_LEVEL", "GROVE_HISTORY_FILE",
            "GROVE_ADMIN_PASSWORD", "GROVE_USER", "GROVE_PASSWORD", "GROVE_NEW_PASSWORD");
    private static final String ENVIRONMENT_PREFIX = "GROVE_";
    private static final Pattern MEMORY_LIMIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB|%)");

    private ConfigLoader() {}

    /** A value and where it came from, for error messages. */
    private record Setting(String value, String origin) {}

    public static GroveConfig load(Path configFile, Map<String, String> environment, Map<String, String> flags)
    {
        Map<String, Setting> values = new HashMap<>();
        if (configFile != null) {
            readFile(configFile).forEach((key, value) -> values.put(key, new Setting(value, "file " + configFile)));
        }
        checkEnvironmentNames(environment);
        for (ConfigKey key : ConfigKey.values()) {
            String fromEnvironment = environment.get(key.environmentVariable());
            if (fromEnvironment != null) {
                values.put(key.key(), new Setting(fromEnvironment, "environment variable " + key.environmentVariable()));
            }
        }
        flags.forEach((key, value) -> values.put(key, new Setting(value, "command-line flag")));
        return build(values);
    }

    public static GroveConfig fromProperties(Map<String, String> values)
    {
        Map<String, Setting> settings = new HashMap<>();
        values.forEach((key, value) -> settings.put(key, new Setting(value, "properties")));
        return build(settings);
    }

    private static GroveConfig build(Map<String, Setting> values)
    {
        for (Map.Entry<String, Setting> entry : new TreeMap<>(values).entrySet()) {
            String key = entry.getKey();
            if (ConfigKey.forKey(key).isEmpty()) {
                Optional<String> nearest = NearestNames.closest(key, Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList());
                throw new IllegalArgumentException("Unknown configuration key '" + key + "' (from " + entry.getValue().origin() + ")"
                        + nearest.map(name -> "; did you mean '" + name + "'?").orElse("") + " See docs/configuration.md for the keys Grove reads");
            }
        }
        Function<ConfigKey, String> get = key -> value(values, key);
        try {
            return new GroveConfig(
                    Path.of(get.apply(ConfigKey.DATA_DIR)),
                    get.apply(ConfigKey.HOST),
                    parseInt(ConfigKey.HTTP_PORT, values),
                    new HttpConfig(
                            parseInt(ConfigKey.HTTP_THREADS, values),
                            parseInt(ConfigKey.HTTP_MAX_QUEUED_REQUESTS, values),
                            parseLong(ConfigKey.HTTP_IDLE_TIMEOUT_MS, values),
                            parseLong(ConfigKey.HTTP_REQUEST_TIMEOUT_MS, values),
                            parseInt(ConfigKey.HTTP_MAX_HEADER_BYTES, values),
                            parseInt(ConfigKey.HTTP_MAX_BODY_BYTES, values)),
                    parseInt(ConfigKey.GRPC_PORT, values),
                    parseInt(ConfigKey.INGEST_MAX_BATCH_RECORDS, values),
                    parseInt(ConfigKey.INGEST_MAX_RECORD_BYTES, values),
                    parseInt(ConfigKey.INGEST_MAX_PENDING_BATCHES, values),
                    parseBoolean(ConfigKey.LOG_FSYNC, values),
                    new LogConfig(
                            parseLong(ConfigKey.LOG_SEGMENT_BYTES, values),
                            parseInt(ConfigKey.LOG_INDEX_INTERVAL_BYTES, values),
                            parseInt(ConfigKey.LOG_APPENDER_THREADS, values),
                            parseLong(ConfigKey.LOG_FLUSH_INTERVAL_MS, values)),
                    new QueryConfig(
                            parseLong(ConfigKey.QUERY_TIMEOUT_MS, values),
                            parseInt(ConfigKey.QUERY_MAX_RESULT_ROWS, values),
                            parseLong(ConfigKey.QUERY_MAX_RESULT_BYTES, values),
                            parseInt(ConfigKey.QUERY_MAX_SQL_LENGTH, values),
                            parseInt(ConfigKey.QUERY_MAX_NESTING_DEPTH, values),
                            parseInt(ConfigKey.QUERY_MAX_OPERATORS, values),
                            parseInt(ConfigKey.QUERY_MAX_EXPRESSION_NODES, values),
                            parseInt(ConfigKey.QUERY_MAX_SELECT_ITEMS, values),
                            parseInt(ConfigKey.QUERY_MAX_IN_LIST_ITEMS, values),
                            parseInt(ConfigKey.QUERY_MAX_CONCURRENT, values),
                            parseInt(ConfigKey.QUERY_MAX_QUEUED, values),
                            QueryConfig.parseLanes(get.apply(ConfigKey.QUERY_LANES)),
                            parseLong(ConfigKey.QUERY_RESULT_TTL_MS, values),
                            parseLong(ConfigKey.QUERY_CLEANUP_INTERVAL_MS, values),
                            parseInt(ConfigKey.QUERY_ASYNC_MAX_JOBS, values),
                            parseLong(ConfigKey.QUERY_ASYNC_MAX_STORED_BYTES, values)),
                    parseInt(ConfigKey.ENGINE_THREADS, values),
                    parseMemoryLimit(values),
                    parseInt(ConfigKey.DEMO_RATE, values),
                    parseLong(ConfigKey.SHUTDOWN_GRACE_MS, values),
                    new AuthConfig(
                            parseBoolean(ConfigKey.AUTH_ENABLED, values),
                            parseInt(ConfigKey.AUTH_MAX_FAILED_LOGINS, values),
                            parseBoolean(ConfigKey.AUTH_ALLOW_UNAUTHENTICATED_REMOTE, values),
                            Optional.of(get.apply(ConfigKey.AUTH_JWT_JWKS_FILE)),
                            get.apply(ConfigKey.AUTH_JWT_ISSUER),
                            Optional.of(get.apply(ConfigKey.AUTH_JWT_AUDIENCE)),
                            get.apply(ConfigKey.AUTH_JWT_GROUPS_CLAIM),
                            parseLong(ConfigKey.AUTH_JWT_CLOCK_SKEW_SECONDS, values),
                            parseInt(ConfigKey.AUDIT_RETENTION_DAYS, values)),
                    new TlsConfig(
                            Optional.of(get.apply(ConfigKey.TLS_CERT_FILE)),
                            Optional.of(get.apply(ConfigKey.TLS_KEY_FILE)),
                            Optional.of(get.apply(ConfigKey.TLS_CLIENT_CA_FILE))),
                    new PgConfig(
                            parseBoolean(ConfigKey.PG_ENABLED, values),
                            parseInt(ConfigKey.PG_PORT, values),
                            parseInt(ConfigKey.PG_MAX_CONNECTIONS, values),
                            parseInt(ConfigKey.PG_MAX_MESSAGE_BYTES, values),
                            parseLong(ConfigKey.PG_STARTUP_TIMEOUT_MS, values),
                            parseLong(ConfigKey.PG_IDLE_TIMEOUT_MS, values)));
        }
        catch (IllegalArgumentException e) {
            throw withOrigin(e, values);
        }
    }

    /** Names where a value refused by {@link GroveConfig}'s own checks (a port out of range, say) came from. */
    private static IllegalArgumentException withOrigin(IllegalArgumentException refused, Map<String, Setting> values)
    {
        String message = String.valueOf(refused.getMessage());
        for (ConfigKey key : ConfigKey.values()) {
            Setting setting = values.get(key.key());
            if (setting != null && message.startsWith(key.key() + " ") && !message.contains("(from ")) {
                return new IllegalArgumentException(message + " (from " + setting.origin() + ")", refused);
            }
        }
        return refused;
    }

    /** A {@code GROVE_*} variable that is no key's is a typo until shown otherwise. */
    private static void checkEnvironmentNames(Map<String, String> environment)
    {
        List<String> known = Arrays.stream(ConfigKey.values()).map(ConfigKey::environmentVariable).toList();
        for (String name : new TreeMap<>(environment).keySet()) {
            if (name.startsWith(ENVIRONMENT_PREFIX) && !known.contains(name) && !LAUNCHER_VARIABLES.contains(name)) {
                Optional<String> nearest = NearestNames.closest(name, known);
                throw new IllegalArgumentException("Unknown environment variable " + name
                        + nearest.map(variable -> "; did you mean " + variable + " ('" + forEnvironmentVariable(variable).key() + "')?").orElse("")
                        + " Grove reads the GROVE_* variables listed in docs/configuration.md; unset it or correct the name");
            }
        }
    }

    private static ConfigKey forEnvironmentVariable(String variable)
    {
        return Arrays.stream(ConfigKey.values()).filter(key -> key.environmentVariable().equals(variable)).findFirst().orElseThrow();
    }

    private static String value(Map<String, Setting> values, ConfigKey key)
    {
        Setting setting = values.get(key.key());
        return (setting == null ? key.defaultValue() : setting.value()).trim();
    }

    private static String origin(Map<String, Setting> values, ConfigKey key)
    {
        Setting setting = values.get(key.key());
        return setting == null ? "the default" : setting.origin();
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

    private static int parseInt(ConfigKey key, Map<String, Setting> values)
    {
        long value = parseLong(key, values);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key.key() + " must be a whole number up to " + Integer.MAX_VALUE + ", was '" + value + "' (from "
                    + origin(values, key) + ")");
        }
        return (int) value;
    }

    private static long parseLong(ConfigKey key, Map<String, Setting> values)
    {
        String value = value(values, key);
        try {
            return Long.parseLong(value);
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.key() + " must be a whole number, e.g. " + key.defaultValue() + ", was '" + value + "' (from "
                    + origin(values, key) + ")");
        }
    }

    private static boolean parseBoolean(ConfigKey key, Map<String, Setting> values)
    {
        String value = value(values, key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key.key() + " must be true or false, was '" + value + "' (from " + origin(values, key) + ")");
        }
        return Boolean.parseBoolean(value);
    }

    /** DuckDB's own error ("Memory must have a number") names no key, so the form is checked here. */
    private static String parseMemoryLimit(Map<String, Setting> values)
    {
        ConfigKey key = ConfigKey.ENGINE_MEMORY_LIMIT;
        String value = value(values, key);
        if (value.isEmpty()) {
            return value;
        }
        Matcher matcher = MEMORY_LIMIT.matcher(value.toUpperCase(Locale.ROOT));
        boolean valid = matcher.matches() && Double.parseDouble(matcher.group(1)) > 0
                && (!matcher.group(2).equals("%") || Double.parseDouble(matcher.group(1)) <= 100);
        if (!valid) {
            throw new IllegalArgumentException(key.key() + " must be a size such as 4GB or 512MB, a share of RAM such as 25%, or empty for DuckDB's default; was '"
                    + value + "' (from " + origin(values, key) + ")");
        }
        return value;
    }
}
