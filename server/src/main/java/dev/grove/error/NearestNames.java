package dev.grove.error;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" for names a user typed: the closest known name by edit distance, ignoring case,
 * when it is close enough to be a plausible typo.
 */
public final class NearestNames
{
    private NearestNames() {}

    /** The known name nearest to {@code typed}, if one is within a third of its length (at least 1, at most 3 edits). */
    public static Optional<String> closest(String typed, Collection<String> known)
    {
        String lowerTyped = typed.toLowerCase(Locale.ROOT);
        int limit = Math.min(3, Math.max(1, typed.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(lowerTyped, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= limit && !best.equals(typed) ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance, with a transposition of neighbours counted as one edit. */
    static int distance(String a, String b)
    {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
