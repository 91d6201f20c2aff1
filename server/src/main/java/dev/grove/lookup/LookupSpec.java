package dev.grove.lookup;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One lookup as Druid's lookup config API carries it: {@code {"version": "v1", "lookupExtractorFactory":
 * {"type": "map", "map": {...}, "injective": false}}}. Only Druid's {@code map} type is supported (the
 * other types read files, databases or URIs, which Grove does not reach from configuration).
 */
public record LookupSpec(String version, Map<String, String> map, boolean injective)
{
    /** The most keys one lookup may hold; a bigger lookup is refused rather than slowing every query that uses it. */
    public static final int MAX_ENTRIES = 1_000_000;

    public LookupSpec
    {
        requireNonNull(version, "version is null");
        requireNonNull(map, "map is null");
        map = Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * @throws IllegalArgumentException with a message naming the lookup when the JSON is not such a spec
     */
    public static LookupSpec fromJson(String name, JsonNode json)
    {
        String where = "Lookup [" + name + "]";
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException(where + " must be an object with 'version' and 'lookupExtractorFactory'");
        }
        JsonNode version = json.get("version");
        if (version == null || !version.isTextual() || version.asText().isEmpty()) {
            throw new IllegalArgumentException(where + " needs a non-empty string 'version'");
        }
        JsonNode factory = json.get("lookupExtractorFactory");
        if (factory == null || !factory.isObject()) {
            throw new IllegalArgumentException(where + " needs an object 'lookupExtractorFactory'");
        }
        JsonNode type = factory.get("type");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException(where + ": 'lookupExtractorFactory' needs a 'type'");
        }
        if (!type.asText().equals("map")) {
            throw new IllegalArgumentException(where + ": lookup type '" + type.asText() + "' is not supported yet; Grove supports type 'map'");
        }
        JsonNode entries = factory.get("map");
        if (entries == null || !entries.isObject()) {
            throw new IllegalArgumentException(where + ": a 'map' lookup needs an object 'map' of string keys to string values");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(where + " has " + entries.size() + " keys; at most " + MAX_ENTRIES + " are supported");
        }
        Map<String, String> map = new LinkedHashMap<>();
        var fields = entries.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new IllegalArgumentException(where + ": the value of key '" + field.getKey() + "' must be a string, was " + value.getNodeType());
            }
            map.put(field.getKey(), value.asText());
        }
        JsonNode injective = factory.get("injective");
        if (injective != null && !injective.isBoolean() && !injective.isNull()) {
            throw new IllegalArgumentException(where + ": 'injective' must be true or false");
        }
        return new LookupSpec(version.asText(), map, injective != null && injective.asBoolean());
    }

    /** Druid's JSON shape, as {@code GET /druid/coordinator/v1/lookups/config/{tier}/{name}} answers. */
    public Map<String, Object> toJson()
    {
        Map<String, Object> factory = new LinkedHashMap<>();
        factory.put("type", "map");
        factory.put("map", map);
        factory.put("injective", injective);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", version);
        json.put("lookupExtractorFactory", factory);
        return json;
    }
}
