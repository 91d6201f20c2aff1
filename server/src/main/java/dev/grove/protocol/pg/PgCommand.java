package dev.grove.protocol.pg;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One statement a client sent, sorted by what answers it: session commands (SET, SHOW, RESET,
 * transaction control) the connection answers itself; catalog queries (pg_catalog, version(), ...) the
 * {@link PgCatalog} answers; everything else is Druid SQL for the query service.
 */
sealed interface PgCommand
{
    record Empty() implements PgCommand {}

    /** {@code SET name = value}; a null value is {@code SET name TO DEFAULT}. */
    record Set(String name, String value) implements PgCommand {}

    /** {@code RESET name}; a null name is {@code RESET ALL} or {@code DISCARD ALL}. */
    record Reset(String name, String tag) implements PgCommand {}

    /** {@code SHOW name}; a null name is {@code SHOW ALL}. */
    record Show(String name) implements PgCommand {}

    /** BEGIN, COMMIT, ROLLBACK and the like: Grove only reads, so they bracket nothing. */
    record Transaction(String tag) implements PgCommand {}

    /** {@code DEALLOCATE name} or {@code DEALLOCATE ALL} (null name). */
    record Deallocate(String name) implements PgCommand {}

    /** A query over PostgreSQL's catalog, answered from Grove's. */
    record Catalog(String sql) implements PgCommand {}

    /** Druid SQL. */
    record Query(String sql) implements PgCommand {}

    Pattern SET = Pattern.compile("SET\\s+(?:SESSION\\s+|LOCAL\\s+)?([A-Za-z_][\\w.]*)\\s*(?:=|\\s+TO\\s+|\\s)\\s*(.*?)\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    Pattern SET_TIME_ZONE = Pattern.compile("SET\\s+(?:SESSION\\s+|LOCAL\\s+)?TIME\\s+ZONE\\s+(.*?)\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    Pattern SET_NAMES = Pattern.compile("SET\\s+NAMES\\s+(.*?)\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    Pattern SET_TRANSACTION = Pattern.compile("SET\\s+(?:SESSION\\s+CHARACTERISTICS\\s+AS\\s+)?TRANSACTION\\b.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    Pattern SHOW = Pattern.compile("SHOW\\s+(ALL|TRANSACTION\\s+ISOLATION\\s+LEVEL|TIME\\s+ZONE|[A-Za-z_][\\w.]*)\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    Pattern RESET = Pattern.compile("(?:RESET\\s+(ALL|[A-Za-z_][\\w.]*)|DISCARD\\s+(ALL))\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    Pattern TRANSACTION = Pattern.compile("(BEGIN|START\\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\\b(?:\\s+(?:WORK|TRANSACTION)\\b)?.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    Pattern DEALLOCATE = Pattern.compile("DEALLOCATE\\s+(?:PREPARE\\s+)?(ALL|\"[^\"]+\"|[A-Za-z_]\\w*)\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** Names only PostgreSQL's catalog (or its functions) answers, looked for in the code outside literals and comments. */
    Pattern CATALOG = Pattern.compile("\\bpg_[a-z_]+\\b|\\bversion\\s*\\(\\s*\\)|\\bcurrent_(?:schema|schemas|database|catalog|user|setting|role)\\b|\\bsession_user\\b"
            + "|\\bhas_[a-z_]+_privilege\\b|\\b(?:obj|col)_description\\b|\\bformat_type\\b|::\\s*reg[a-z]+\\b|\\binet_server_[a-z]+\\b|\\bset_config\\b", Pattern.CASE_INSENSITIVE);

    static PgCommand parse(String statement)
    {
        requireNonNull(statement, "statement is null");
        String code = PgSqlText.codeOnly(statement);
        if (code.isBlank()) {
            return new Empty();
        }
        // the patterns run on the text with comments blanked but literals kept, trimmed of the leading comment space
        int start = 0;
        while (start < code.length() && Character.isWhitespace(code.charAt(start))) {
            start++;
        }
        String text = statement.substring(start).strip();
        String firstWord = code.substring(start).strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        switch (firstWord) {
            case "SET" -> {
                if (SET_TRANSACTION.matcher(text).matches()) {
                    return new Transaction("SET");
                }
                Matcher timeZone = SET_TIME_ZONE.matcher(text);
                if (timeZone.matches()) {
                    return new Set("TimeZone", value(timeZone.group(1)));
                }
                Matcher names = SET_NAMES.matcher(text);
                if (names.matches()) {
                    return new Set("client_encoding", value(names.group(1)));
                }
                Matcher set = SET.matcher(text);
                if (set.matches()) {
                    return new Set(set.group(1), value(set.group(2)));
                }
                throw new PgProtocolException(SqlState.SYNTAX_ERROR, "syntax error in SET; write SET name = value");
            }
            case "SHOW" -> {
                Matcher show = SHOW.matcher(text);
                if (!show.matches()) {
                    throw new PgProtocolException(SqlState.SYNTAX_ERROR, "syntax error in SHOW; write SHOW name or SHOW ALL");
                }
                String name = show.group(1).replaceAll("\\s+", " ");
                return switch (name.toUpperCase(Locale.ROOT)) {
                    case "ALL" -> new Show(null);
                    case "TRANSACTION ISOLATION LEVEL" -> new Show("transaction_isolation");
                    case "TIME ZONE" -> new Show("TimeZone");
                    default -> new Show(name);
                };
            }
            case "RESET", "DISCARD" -> {
                Matcher reset = RESET.matcher(text);
                if (!reset.matches()) {
                    throw new PgProtocolException(SqlState.FEATURE_NOT_SUPPORTED, "only RESET name, RESET ALL and DISCARD ALL are supported");
                }
                if (reset.group(2) != null) {
                    return new Reset(null, "DISCARD ALL");
                }
                return new Reset(reset.group(1).equalsIgnoreCase("ALL") ? null : reset.group(1), "RESET");
            }
            case "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT" -> {
                Matcher transaction = TRANSACTION.matcher(text);
                if (transaction.matches()) {
                    String word = transaction.group(1).toUpperCase(Locale.ROOT);
                    return new Transaction(switch (word) {
                        case "END" -> "COMMIT";
                        case "ABORT" -> "ROLLBACK";
                        default -> word.startsWith("START") ? "START TRANSACTION" : word;
                    });
                }
            }
            case "DEALLOCATE" -> {
                Matcher deallocate = DEALLOCATE.matcher(text);
                if (deallocate.matches()) {
                    String name = deallocate.group(1);
                    return new Deallocate(name.equalsIgnoreCase("ALL") ? null : name.replace("\"", ""));
                }
            }
            default -> {
            }
        }
        if (CATALOG.matcher(code).find()) {
            return new Catalog(statement);
        }
        return new Query(statement);
    }

    /** A SET value: quotes removed from a single literal, DEFAULT → null; lists keep their text. */
    private static String value(String raw)
    {
        String value = raw.strip();
        if (value.equalsIgnoreCase("DEFAULT") || value.equalsIgnoreCase("LOCAL")) {
            return null;
        }
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'") && value.indexOf('\'', 1) == value.length() - 1) {
            return value.substring(1, value.length() - 1);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
