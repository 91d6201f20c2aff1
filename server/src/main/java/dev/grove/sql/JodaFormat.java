package dev.grove.sql;

import java.util.Map;

/**
 * Druid's time formats (Joda {@code DateTimeFormat} patterns such as {@code yyyy-MM-dd HH:mm:ss})
 * as DuckDB {@code strftime}/{@code strptime} formats. Only the fields both sides have are
 * translated; any other pattern letter is refused so a format never silently means something else.
 */
final class JodaFormat
{
    /** Druid's default output: ISO-8601 in UTC with milliseconds. */
    static final String ISO_OUTPUT = "%Y-%m-%dT%H:%M:%S.%gZ";

    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("yyyy", "%Y"), Map.entry("YYYY", "%Y"), Map.entry("yy", "%y"), Map.entry("MMMM", "%B"), Map.entry("MMM", "%b"),
            Map.entry("MM", "%m"), Map.entry("M", "%-m"), Map.entry("dd", "%d"), Map.entry("d", "%-d"), Map.entry("HH", "%H"), Map.entry("H", "%-H"),
            Map.entry("hh", "%I"), Map.entry("h", "%-I"), Map.entry("mm", "%M"), Map.entry("m", "%-M"), Map.entry("ss", "%S"), Map.entry("s", "%-S"),
            Map.entry("SSS", "%g"), Map.entry("a", "%p"), Map.entry("EEEE", "%A"), Map.entry("EEE", "%a"), Map.entry("DDD", "%j"),
            Map.entry("Z", "%z"), Map.entry("ZZ", "%z"));

    private JodaFormat() {}

    /**
     * @throws IllegalArgumentException for a pattern letter Grove cannot translate
     */
    static String toStrftime(String pattern)
    {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                int close = pattern.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("Time format '" + pattern + "' has an unclosed quote");
                }
                String literal = close == i + 1 ? "'" : pattern.substring(i + 1, close);
                out.append(literal.replace("%", "%%"));
                i = close + 1;
            }
            else if (Character.isLetter(c)) {
                int end = i;
                while (end < pattern.length() && pattern.charAt(end) == c) {
                    end++;
                }
                String field = FIELDS.get(pattern.substring(i, end));
                if (field == null) {
                    throw new IllegalArgumentException("Time format '" + pattern + "': the field '" + pattern.substring(i, end) + "' is not supported yet");
                }
                out.append(field);
                i = end;
            }
            else {
                out.append(c == '%' ? "%%" : String.valueOf(c));
                i++;
            }
        }
        return out.toString();
    }
}
