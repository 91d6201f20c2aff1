package dev.grove.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements on {@code ;} outside quotes ({@code '...'}, {@code "..."}) and comments
 * ({@code -- ...}, {@code /* ... *}{@code /}). Stateless; thread-safe.
 */
final class SqlStatements
{
    private SqlStatements() {}

    /** What {@link #split} found: the complete statements, and the text after the last {@code ;}. */
    record Split(List<String> statements, String remainder)
    {
        Split
        {
            statements = List.copyOf(statements);
        }

        /** True when the remainder holds something other than whitespace and comments. */
        boolean hasIncompleteStatement()
        {
            return !isBlank(remainder);
        }
    }

    static Split split(String text)
    {
        List<String> statements = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = closingQuote(text, i, c);
            }
            else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end + 1;
            }
            else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            }
            else if (c == ';') {
                String statement = text.substring(start, i);
                if (!isBlank(statement)) {
                    statements.add(statement.strip());
                }
                i++;
                start = i;
            }
            else {
                i++;
            }
        }
        return new Split(statements, text.substring(start));
    }

    /** The index just past the quote that closes the one at {@code open} (a doubled quote is an escaped one). */
    private static int closingQuote(String text, int open, char quote)
    {
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    /** True when {@code text} is only whitespace and comments, so there is nothing to send. */
    static boolean isBlank(String text)
    {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            }
            else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end + 1;
            }
            else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    return false;
                }
                i = end + 2;
            }
            else {
                return false;
            }
        }
        return true;
    }
}
