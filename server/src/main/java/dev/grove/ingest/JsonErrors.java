package dev.grove.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.regex.Pattern;

/**
 * Jackson's parse errors in a producer's terms: what is wrong and at which character, without
 * Jackson's internal source description ({@code [Source: REDACTED ...]}).
 */
final class JsonErrors
{
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?\\s*at \\[Source:.*?\\]\\)?", Pattern.DOTALL);
    private static final Pattern FEATURE_HINT = Pattern.compile("\\s*\\(for [^)]*enable [^)]*\\)|\\s*\\(`JsonReadFeature[^)]*\\)");

    private JsonErrors() {}

    static String describe(JsonProcessingException e)
    {
        String message = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        message = FEATURE_HINT.matcher(SOURCE.matcher(message).replaceAll("")).replaceAll("").strip();
        JsonLocation location = e.getLocation();
        if (location != null && location.getCharOffset() >= 0) {
            message += " (at character " + (location.getCharOffset() + 1) + ")";
        }
        else if (location != null && location.getByteOffset() >= 0) {
            message += " (at byte " + (location.getByteOffset() + 1) + ")";
        }
        return message;
    }
}
