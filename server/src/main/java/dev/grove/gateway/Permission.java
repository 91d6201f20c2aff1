package dev.grove.gateway;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/**
 * One grant of a role, in Druid's shape: {@code {"resource": {"name": "orders.*", "type": "DATASOURCE"}, "action": "READ"}}.
 * The name is a regular expression that must match the whole resource name, as in Druid.
 */
public record Permission(ResourceType type, String namePattern, Action action)
{
    /** Compiled once per distinct pattern: checks run on every request, patterns are few and set by administrators. */
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    public Permission
    {
        requireNonNull(type, "type is null");
        requireNonNull(namePattern, "namePattern is null");
        requireNonNull(action, "action is null");
        compile(namePattern);
    }

    public boolean grants(ResourceType type, String name, Action action)
    {
        return this.type == type && this.action == action && compile(namePattern).matcher(name).matches();
    }

    private static Pattern compile(String namePattern)
    {
        Pattern compiled = COMPILED.get(namePattern);
        if (compiled != null) {
            return compiled;
        }
        try {
            compiled = Pattern.compile(namePattern);
            if (COMPILED.size() < 10_000) {
                COMPILED.put(namePattern, compiled);
            }
            return compiled;
        }
        catch (PatternSyntaxException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Permission resource name '" + namePattern
                    + "' is not a valid regular expression: " + e.getDescription() + "; use e.g. \"orders\" or \".*\"");
        }
    }
}
