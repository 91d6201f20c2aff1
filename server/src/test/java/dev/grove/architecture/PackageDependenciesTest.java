package dev.grove.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependencies between the server's packages point one way (see docs/architecture.md): a package may
 * use only packages of a lower layer. A new package must be given a layer here.
 */
class PackageDependenciesTest
{
    private static final Map<String, Integer> LAYERS = Map.ofEntries(
            entry("error", 0),
            // config names the nearest key on a typo with error.NearestNames
            entry("config", 1), entry("datasource", 1),
            entry("metadata", 2), entry("log", 2),
            entry("engine", 3),
            entry("index", 4), entry("sql", 4),
            entry("ingest", 5), entry("lookup", 5), entry("view", 5),
            entry("query", 6), entry("query.format", 6), entry("admin", 6),
            // the gateway authenticates callers and gives the query layer what each may read
            entry("gateway", 7),
            entry("protocol.grpc", 8), entry("protocol.http", 8), entry("protocol.pg", 8),
            entry("node", 9), entry("demo", 9),
            entry("cli", 10));
    private static final Pattern PACKAGE = Pattern.compile("^package dev\\.grove\\.([a-z.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.grove\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);

    @Test
    void dependenciesPointDownTheLayers()
            throws IOException
    {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java", "dev", "grove"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher packageMatcher = PACKAGE.matcher(source);
                assertThat(packageMatcher.find()).as(file.toString()).isTrue();
                String from = packageMatcher.group(1);
                assertThat(LAYERS).as("layer of package " + from).containsKey(from);
                Matcher imports = IMPORT.matcher(source);
                while (imports.find()) {
                    String to = imports.group(1);
                    if (to.equals(from) || !to.matches("[a-z.]+") || to.startsWith("proto") || to.equals("client")) {
                        continue;
                    }
                    Integer layer = LAYERS.get(to);
                    if (layer == null || layer >= LAYERS.get(from)) {
                        violations.add(file.getFileName() + ": " + from + " -> " + to);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
