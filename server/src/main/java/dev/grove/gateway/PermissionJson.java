package dev.grove.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.util.Arrays;
import java.util.Locale;

/**
 * A permission in Druid's JSON shape, {@code {"resource": {"name": ..., "type": ...}, "action": ...}},
 * as the basic-security API takes and gives it and as the metadata store keeps it.
 */
public record PermissionJson(@JsonProperty("resource") Resource resource, @JsonProperty("action") String action)
{
    public record Resource(@JsonProperty("name") String name, @JsonProperty("type") String type) {}

    public static PermissionJson of(Permission permission)
    {
        return new PermissionJson(new Resource(permission.namePattern(), permission.type().name()), permission.action().name());
    }

    /** Checks every field, naming what is wrong, so a bad grant is refused rather than silently ignored. */
    public Permission toPermission()
    {
        if (resource == null || resource.name() == null || resource.type() == null) {
            throw invalid("every permission needs \"resource\": {\"name\": ..., \"type\": ...}");
        }
        if (action == null) {
            throw invalid("every permission needs \"action\": \"READ\" or \"WRITE\"");
        }
        return new Permission(parse(ResourceType.class, resource.type(), "resource type"), resource.name(), parse(Action.class, action, "action"));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String what)
    {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw invalid("unknown " + what + " '" + value + "'; use one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static GroveException invalid(String message)
    {
        return new GroveException(GroveErrorCode.INVALID_REQUEST, "Invalid permission: " + message);
    }
}
