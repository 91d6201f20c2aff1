package dev.grove.query;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Page tokens of asynchronous query results, the one encoding HTTP's {@code /v1/queries} and the gRPC
 * lifecycle service share: the query's id and the page's first row, base64url, so a token of one query
 * is refused on another's results.
 */
public final class PageTokens
{
    private PageTokens() {}

    /** A page token names the query and the first row of the page, so it cannot be used on another query's results. */
    public static String encode(String queryId, long row)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((queryId + ":" + row).getBytes(StandardCharsets.UTF_8));
    }

    /** The first row a page token names; a token that is not this query's is refused. */
    public static long firstRow(AsyncQueryStatus status, String token)
    {
        GroveException bad = new GroveException(GroveErrorCode.INVALID_REQUEST, "Invalid page_token for query " + status.queryId()
                + "; use the next_page_token of a previous page of this query, or leave it out for the first page");
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            throw bad;
        }
        String prefix = status.queryId() + ":";
        if (!text.startsWith(prefix)) {
            throw bad;
        }
        long row;
        try {
            row = Long.parseLong(text.substring(prefix.length()));
        }
        catch (NumberFormatException e) {
            throw bad;
        }
        if (row < 0 || row > status.rowCount()) {
            throw bad;
        }
        return row;
    }
}
