package dev.grove.lookup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.engine.DuckDbEngine;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.metadata.LookupStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Lookups by tier and name, as Druid's coordinator keeps them: stored in the metadata store, and the
 * lookups of the tier this node serves ({@link #DEFAULT_TIER}, as a Druid broker does by default)
 * loaded into engine tables {@code lookup.<name>} (columns {@code k}, {@code v}) that {@code LOOKUP()}
 * and {@code lookup.<name>} read.
 *
 * <p>Thread-safe: changes are serialized; readers see an immutable snapshot.
 */
public final class LookupManager
{
    public static final String DEFAULT_TIER = "__default";

    private static final Logger log = LoggerFactory.getLogger(LookupManager.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NAME_LENGTH = 255;

    private final LookupStore store;
    private final DuckDbEngine engine;
    private final InstantSource clock;
    private volatile Map<String, Map<String, LookupSpec>> tiers = Map.of();

    public LookupManager(LookupStore store, DuckDbEngine engine, InstantSource clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Loads the stored lookups and fills the engine tables of the served tier. */
    public synchronized void start()
    {
        Map<String, Map<String, LookupSpec>> loaded = new TreeMap<>();
        for (LookupStore.StoredLookup stored : store.list()) {
            LookupSpec spec;
            try {
                spec = LookupSpec.fromJson(stored.name(), JSON.readTree(stored.specJson()));
            }
            catch (JsonProcessingException | IllegalArgumentException e) {
                throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "Lookup [" + stored.name() + "] of tier [" + stored.tier()
                        + "] in the metadata store is unreadable: " + e.getMessage(), e);
            }
            loaded.computeIfAbsent(stored.tier(), tier -> new TreeMap<>()).put(stored.name(), spec);
        }
        loaded.getOrDefault(DEFAULT_TIER, Map.of()).forEach(this::materialize);
        tiers = freeze(loaded);
        log.info("Loaded {} lookup tier(s)", loaded.size());
    }

    /** Tier → name → spec. */
    public Map<String, Map<String, LookupSpec>> all()
    {
        return tiers;
    }

    public List<String> tierNames()
    {
        return List.copyOf(tiers.keySet());
    }

    public Map<String, LookupSpec> tier(String tier)
    {
        Map<String, LookupSpec> lookups = tiers.get(tier);
        if (lookups == null) {
            throw new GroveException(GroveErrorCode.LOOKUP_NOT_FOUND, "Lookup tier [" + tier + "] not found");
        }
        return lookups;
    }

    public LookupSpec get(String tier, String name)
    {
        LookupSpec spec = tier(tier).get(name);
        if (spec == null) {
            throw new GroveException(GroveErrorCode.LOOKUP_NOT_FOUND, "Lookup [" + name + "] not found in tier [" + tier + "]");
        }
        return spec;
    }

    /** The engine table of a lookup of the served tier, for SQL. */
    public Optional<String> engineTable(String name)
    {
        return tiers.getOrDefault(DEFAULT_TIER, Map.of()).containsKey(name) ? Optional.of(engineTableName(name)) : Optional.empty();
    }

    /**
     * Druid's bulk update: {@code {tier: {name: spec}}}. Every spec is checked before anything changes;
     * a lookup that exists must come with a greater version (compared as strings, as Druid does), unless
     * it is the same spec again, which changes nothing.
     */
    public synchronized void update(JsonNode body)
    {
        if (body == null || !body.isObject()) {
            throw invalid("The body must be a JSON object {\"<tier>\": {\"<lookupName>\": {\"version\": ..., \"lookupExtractorFactory\": ...}}}");
        }
        Map<String, Map<String, LookupSpec>> next = thaw(tiers);
        List<LookupStore.StoredLookup> changed = new ArrayList<>();
        var tierFields = body.fields();
        while (tierFields.hasNext()) {
            var tierField = tierFields.next();
            String tier = checkName("tier", tierField.getKey());
            if (!tierField.getValue().isObject()) {
                throw invalid("Tier [" + tier + "] must map lookup names to lookup specs");
            }
            var lookupFields = tierField.getValue().fields();
            while (lookupFields.hasNext()) {
                var lookupField = lookupFields.next();
                String name = checkName("lookup name", lookupField.getKey());
                LookupSpec spec = parse(name, lookupField.getValue());
                LookupSpec existing = next.getOrDefault(tier, Map.of()).get(name);
                if (existing != null && existing.equals(spec)) {
                    continue;
                }
                if (existing != null && spec.version().compareTo(existing.version()) <= 0) {
                    throw invalid("Lookup [" + name + "] of tier [" + tier + "] has version [" + existing.version() + "]; an update needs a greater version, was ["
                            + spec.version() + "]");
                }
                next.computeIfAbsent(tier, key -> new TreeMap<>()).put(name, spec);
                changed.add(new LookupStore.StoredLookup(tier, name, toJsonText(spec)));
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        store.upsertAll(changed, clock.millis());
        for (LookupStore.StoredLookup lookup : changed) {
            if (lookup.tier().equals(DEFAULT_TIER)) {
                materialize(lookup.name(), next.get(DEFAULT_TIER).get(lookup.name()));
            }
        }
        tiers = freeze(next);
    }

    /** Deletes one lookup, or every lookup of a tier when {@code name} is null. */
    public synchronized void delete(String tier, String name)
    {
        Map<String, LookupSpec> lookups = name == null ? tier(tier) : Map.of(name, get(tier, name));
        store.delete(tier, name);
        Map<String, Map<String, LookupSpec>> next = thaw(tiers);
        for (String deleted : lookups.keySet()) {
            next.get(tier).remove(deleted);
            if (tier.equals(DEFAULT_TIER)) {
                engine.dropTable(engineTableName(deleted));
            }
        }
        if (next.get(tier).isEmpty()) {
            next.remove(tier);
        }
        tiers = freeze(next);
    }

    private void materialize(String name, LookupSpec spec)
    {
        engine.replaceKeyValueTable(engineTableName(name), spec.map());
    }

    /** Whether {@code table} is the engine table of a lookup of the served tier. */
    public boolean isEngineTable(String table)
    {
        return table.startsWith("lookup.") && engineTable(table.substring("lookup.".length())).isPresent();
    }

    /** A name no datasource can have (datasource names have no dot), so the two never collide. */
    static String engineTableName(String name)
    {
        return "lookup." + name;
    }

    private static LookupSpec parse(String name, JsonNode json)
    {
        try {
            return LookupSpec.fromJson(name, json);
        }
        catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static String checkName(String what, String name)
    {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid("A " + what + " must be 1 to " + MAX_NAME_LENGTH + " characters without control characters");
        }
        return name;
    }

    private static String toJsonText(LookupSpec spec)
    {
        try {
            return JSON.writeValueAsString(spec.toJson());
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INTERNAL_ERROR, "Cannot serialize a lookup spec", e);
        }
    }

    private static GroveException invalid(String message)
    {
        return new GroveException(GroveErrorCode.INVALID_REQUEST, message);
    }

    private static Map<String, Map<String, LookupSpec>> thaw(Map<String, Map<String, LookupSpec>> tiers)
    {
        Map<String, Map<String, LookupSpec>> copy = new TreeMap<>();
        tiers.forEach((tier, lookups) -> copy.put(tier, new TreeMap<>(lookups)));
        return copy;
    }

    private static Map<String, Map<String, LookupSpec>> freeze(Map<String, Map<String, LookupSpec>> tiers)
    {
        Map<String, Map<String, LookupSpec>> frozen = new TreeMap<>();
        tiers.forEach((tier, lookups) -> frozen.put(tier, Collections.unmodifiableMap(new TreeMap<>(lookups))));
        return Collections.unmodifiableMap(frozen);
    }
}
