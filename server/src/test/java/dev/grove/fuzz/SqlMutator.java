package dev.grove.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutates real Druid test queries (the {@code druid-conformance-queries.txt} resource): token deletion,
 * duplication and swap, random character insertion, truncation. Not thread-safe.
 */
final class SqlMutator
{
    private static final Pattern TOKEN = Pattern.compile("'(?:[^']|'')*'?|\"[^\"]*\"?|[A-Za-z_$][A-Za-z0-9_$]*|\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?|\\s+|.", Pattern.DOTALL);
    private static final List<String> INSERTS = List.of("(", ")", ",", "'", "\"", "?", "\u0000", "\\", "--", "/*", "*/", ";", "NULL", "SELECT", "u&'\\", "E'\\x", "$$", "\ud83d\ude00", "\uffff");

    private final RandomGenerator random;
    private final List<String> queries;

    SqlMutator(RandomGenerator random, List<String> queries)
    {
        this.random = random;
        this.queries = List.copyOf(queries);
    }

    /** Every Druid test query from the resource file. */
    static List<String> conformanceQueries()
    {
        try (InputStream in = SqlMutator.class.getResourceAsStream("druid-conformance-queries.txt")) {
            List<String> queries = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    queries.add(FuzzNode.JSON.readValue(line, String.class));
                }
            }
            return queries;
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot read druid-conformance-queries.txt", e);
        }
    }

    /** A conformance query, unchanged. */
    String original()
    {
        return queries.get(random.nextInt(queries.size()));
    }

    /** A conformance query with one to three mutations. */
    String mutated()
    {
        List<String> tokens = tokens(original());
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations && !tokens.isEmpty(); i++) {
            int at = random.nextInt(tokens.size());
            switch (random.nextInt(6)) {
                case 0 -> tokens.remove(at);
                case 1 -> tokens.add(at, tokens.get(at));
                case 2 -> {
                    int other = random.nextInt(tokens.size());
                    String swapped = tokens.get(at);
                    tokens.set(at, tokens.get(other));
                    tokens.set(other, swapped);
                }
                case 3 -> tokens.add(at, Character.toString((char) random.nextInt(256)));
                case 4 -> tokens.add(at, INSERTS.get(random.nextInt(INSERTS.size())));
                default -> tokens.subList(at, tokens.size()).clear();
            }
        }
        return String.join("", tokens);
    }

    private static List<String> tokens(String sql)
    {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(sql);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }
}
