package dev.grove.protocol.pg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A connection's run-time settings, as {@code SET} and {@code SHOW} see them. Settings only Grove
 * could honour are checked (client_encoding must be UTF8, DateStyle ISO); unknown ones are kept and
 * shown back but change nothing, so clients that set them at connect time keep working.
 * {@code statement_timeout} becomes the query's timeout.
 *
 * <p>Not thread-safe; used by its connection's thread only.
 */
final class PgSession
{
    static final String SERVER_VERSION = "14.0 (Grove)";
    static final String SERVER_VERSION_NUM = "140000";
    private static final int MAX_SETTINGS = 256;
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|min|h|d)?", Pattern.CASE_INSENSITIVE);

    /** Settings PostgreSQL reports to the client with ParameterStatus, at startup and whenever they change (GUC_REPORT). */
    static final Set<String> REPORTED = Set.of("application_name", "client_encoding", "datestyle", "integer_datetimes", "intervalstyle",
            "is_superuser", "server_encoding", "server_version", "session_authorization", "standard_conforming_strings", "timezone");

    /** Lower-cased name → (name as PostgreSQL spells it, value). */
    private final Map<String, Setting> settings = new LinkedHashMap<>();
    private final Map<String, Setting> defaults = new LinkedHashMap<>();

    record Setting(String name, String value) {}

    PgSession(String user, String database)
    {
        requireNonNull(user, "user is null");
        requireNonNull(database, "database is null");
        for (Setting setting : List.of(
                new Setting("server_version", SERVER_VERSION),
                new Setting("server_version_num", SERVER_VERSION_NUM),
                new Setting("server_encoding", "UTF8"),
                new Setting("client_encoding", "UTF8"),
                new Setting("DateStyle", "ISO, MDY"),
                new Setting("IntervalStyle", "postgres"),
                new Setting("integer_datetimes", "on"),
                new Setting("standard_conforming_strings", "on"),
                new Setting("TimeZone", "UTC"),
                new Setting("application_name", ""),
                new Setting("is_superuser", "off"),
                new Setting("session_authorization", user),
                new Setting("extra_float_digits", "1"),
                new Setting("search_path", "druid"),
                new Setting("statement_timeout", "0"),
                new Setting("transaction_isolation", "read committed"),
                new Setting("transaction_read_only", "on"),
                new Setting("default_transaction_read_only", "on"),
                new Setting("max_identifier_length", "63"),
                new Setting("lc_collate", "C"),
                new Setting("lc_ctype", "C"))) {
            defaults.put(key(setting.name()), setting);
        }
        settings.putAll(defaults);
    }

    /** Applies a setting; returns the name PostgreSQL spells it with if clients must hear of the change (ParameterStatus). */
    Optional<String> set(String name, String value)
    {
        String key = key(name);
        String checked = check(key, value);
        if (!settings.containsKey(key) && settings.size() >= MAX_SETTINGS) {
            throw new PgProtocolException("53400", "too many session settings (at most " + MAX_SETTINGS + ")");
        }
        Setting existing = settings.get(key);
        String spelled = existing == null ? name : existing.name();
        settings.put(key, new Setting(spelled, checked));
        return REPORTED.contains(key) ? Optional.of(spelled) : Optional.empty();
    }

    Optional<String> reset(String name)
    {
        String key = key(name);
        Setting setting = defaults.get(key);
        if (setting == null) {
            settings.remove(key);
            return Optional.empty();
        }
        settings.put(key, setting);
        return REPORTED.contains(key) ? Optional.of(setting.name()) : Optional.empty();
    }

    void resetAll()
    {
        settings.clear();
        settings.putAll(defaults);
    }

    Optional<String> get(String name)
    {
        return Optional.ofNullable(settings.get(key(name))).map(Setting::value);
    }

    /** Every setting, sorted by name (SHOW ALL). */
    Map<String, String> all()
    {
        Map<String, String> all = new TreeMap<>();
        settings.values().forEach(setting -> all.put(setting.name(), setting.value()));
        return all;
    }

    /** The settings sent with ParameterStatus at startup. */
    Map<String, String> reported()
    {
        Map<String, String> reported = new LinkedHashMap<>();
        settings.forEach((key, setting) -> {
            if (REPORTED.contains(key)) {
                reported.put(setting.name(), setting.value());
            }
        });
        return reported;
    }

    /** statement_timeout in milliseconds, when set above 0. */
    OptionalLong statementTimeoutMillis()
    {
        long millis = parseDuration("statement_timeout", get("statement_timeout").orElse("0"));
        return millis > 0 ? OptionalLong.of(millis) : OptionalLong.empty();
    }

    private static String check(String key, String value)
    {
        String normalized = value.trim();
        switch (key) {
            case "client_encoding" -> {
                String upper = normalized.toUpperCase(Locale.ROOT).replace("-", "");
                if (!upper.equals("UTF8") && !upper.equals("UNICODE")) {
                    throw new PgProtocolException(SqlState.FEATURE_NOT_SUPPORTED, "client_encoding '" + value + "' is not supported; Grove speaks UTF8 only");
                }
                return "UTF8";
            }
            case "datestyle" -> {
                if (!normalized.toUpperCase(Locale.ROOT).startsWith("ISO")) {
                    throw new PgProtocolException(SqlState.FEATURE_NOT_SUPPORTED, "DateStyle '" + value + "' is not supported; Grove writes dates in ISO style");
                }
                return normalized.contains(",") ? normalized : "ISO, MDY";
            }
            case "statement_timeout" -> {
                parseDuration(key, normalized);
                return normalized;
            }
            case "server_version", "server_version_num", "server_encoding", "integer_datetimes", "is_superuser", "session_authorization" ->
                    throw new PgProtocolException("55P02", "parameter \"" + key + "\" cannot be changed");
            default -> {
                return normalized;
            }
        }
    }

    private static long parseDuration(String name, String value)
    {
        Matcher matcher = DURATION.matcher(value.trim());
        if (!matcher.matches()) {
            throw new PgProtocolException(SqlState.INVALID_PARAMETER_VALUE, "invalid value for parameter \"" + name + "\": \"" + value
                    + "\"; give milliseconds, or a number with ms, s, min, h or d");
        }
        long number;
        try {
            number = Long.parseLong(matcher.group(1));
        }
        catch (NumberFormatException e) {
            throw new PgProtocolException(SqlState.INVALID_PARAMETER_VALUE, "invalid value for parameter \"" + name + "\": \"" + value + "\"");
        }
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "s" -> 1000L;
            case "min" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> 1L;
        };
        if (number > Long.MAX_VALUE / factor) {
            throw new PgProtocolException(SqlState.INVALID_PARAMETER_VALUE, "value for parameter \"" + name + "\" is too large: \"" + value + "\"");
        }
        return number * factor;
    }

    private static String key(String name)
    {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
