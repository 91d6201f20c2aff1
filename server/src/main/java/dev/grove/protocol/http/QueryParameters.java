package dev.grove.protocol.http;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request URI's query string as names and values (decoded); a name given twice is refused, so a
 * client never wonders which of its values counted.
 */
final class QueryParameters
{
    private static final int MAX_PARAMETERS = 32;

    private QueryParameters() {}

    static Map<String, String> parse(URI uri)
    {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = uri.getRawQuery();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        String[] pairs = query.split("&");
        if (pairs.length > MAX_PARAMETERS) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Too many query parameters: at most " + MAX_PARAMETERS);
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
            catch (IllegalArgumentException e) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Malformed query parameter '" + pair + "': " + e.getMessage());
            }
            if (parameters.put(name, value) != null) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Query parameter '" + name + "' is given more than once");
            }
        }
        return parameters;
    }
}
