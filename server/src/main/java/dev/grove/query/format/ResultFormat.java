package dev.grove.query.format;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Druid's SQL result formats, with the Content-Type Druid answers each with.
 */
public enum ResultFormat
{
    OBJECT("object", "application/json"),
    ARRAY("array", "application/json"),
    OBJECT_LINES("objectLines", "text/plain"),
    ARRAY_LINES("arrayLines", "text/plain"),
    CSV("csv", "text/csv");

    private final String druidName;
    private final String contentType;

    ResultFormat(String druidName, String contentType)
    {
        this.druidName = druidName;
        this.contentType = contentType;
    }

    public String druidName()
    {
        return druidName;
    }

    public String contentType()
    {
        return contentType;
    }

    /** Druid's name, case-insensitive; null means the default, {@code object}. */
    public static ResultFormat fromDruidName(String name)
    {
        if (name == null) {
            return OBJECT;
        }
        return Arrays.stream(values())
                .filter(format -> format.druidName.equalsIgnoreCase(name))
                .findFirst()
                .orElseThrow(() -> new GroveException(GroveErrorCode.INVALID_REQUEST, "Unsupported resultFormat '" + name + "'; use one of "
                        + Arrays.stream(values()).map(ResultFormat::druidName).collect(Collectors.joining(", "))));
    }
}
