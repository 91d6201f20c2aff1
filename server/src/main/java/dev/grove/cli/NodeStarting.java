package dev.grove.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a node that answers but is still starting (HTTP 503 while it recovers its logs), so the
 * CLI says "starting, try again in a moment" rather than a bare error. Stateless.
 */
final class NodeStarting
{
    /** What the node's SQL and datasource routes say while recovering: "the node is starting: recovering (42%); retry shortly". */
    private static final Pattern STARTING = Pattern.compile("^the node is starting: (.+?); retry shortly$");

    private NodeStarting() {}

    /** Throws the CLI's "is starting" failure if the answer is the node saying it is still starting. */
    static void failIfStarting(String base, int status, JsonNode json)
            throws NodeHttp.CallFailed
    {
        Optional<String> what = starting(status, json);
        if (what.isPresent()) {
            throw new NodeHttp.CallFailed("The node at " + base + " is starting: " + what.get() + "; try again in a moment");
        }
    }

    /** "recovering (42%)" if the answer says the node is starting, from a SQL error or from {@code /status/health}. */
    static Optional<String> starting(int status, JsonNode json)
    {
        if (status != 503 || json == null) {
            return Optional.empty();
        }
        if (json.path("status").asText().equals("RECOVERING")) {
            return Optional.of("recovering (" + Math.round(json.path("progress").asDouble() * 100) + "%)");
        }
        Matcher matcher = STARTING.matcher(json.path("errorMessage").asText());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
