package dev.grove.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest
{
    @TempDir
    Path directory;

    @Test
    void defaultsAreTheDocumentedOnes()
    {
        GroveConfig config = GroveConfig.defaults();
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8888);
        assertThat(config.grpcPort()).isEqualTo(50051);
        assertThat(config.logFsync()).isTrue();
        assertThat(config.query().timeoutMillis()).isEqualTo(300_000);
        assertThat(config.demoEventsPerSecond()).isEqualTo(200);
    }

    @Test
    void flagsBeatEnvironmentBeatFileBeatDefaults()
            throws IOException
    {
        Path file = directory.resolve("grove.properties");
        Files.writeString(file, "grove.http.port=1111\ngrove.grpc.port=2222\ngrove.query.timeoutMs=5\n");
        GroveConfig config = ConfigLoader.load(file, Map.of("GROVE_GRPC_PORT", "3333", "GROVE_QUERY_TIMEOUT_MS", "7"), Map.of("grove.query.timeoutMs", "9"));
        assertThat(config.httpPort()).isEqualTo(1111);
        assertThat(config.grpcPort()).isEqualTo(3333);
        assertThat(config.query().timeoutMillis()).isEqualTo(9);
    }

    @Test
    void environmentVariableNames()
    {
        assertThat(ConfigKey.HTTP_PORT.environmentVariable()).isEqualTo("GROVE_HTTP_PORT");
        assertThat(ConfigKey.DATA_DIR.environmentVariable()).isEqualTo("GROVE_DATA_DIR");
        assertThat(ConfigKey.INGEST_MAX_BATCH_RECORDS.environmentVariable()).isEqualTo("GROVE_INGEST_MAX_BATCH_RECORDS");
    }

    @Test
    void badValuesAreRefusedNamingTheKey()
            throws IOException
    {
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.http.prot", "1")))
                .hasMessageContaining("Unknown configuration key 'grove.http.prot'");
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.http.port", "http")))
                .hasMessageContaining("grove.http.port must be a whole number");
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.http.port", "70000")))
                .hasMessageContaining("grove.http.port must be a port");
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.log.fsync", "yes")))
                .hasMessageContaining("grove.log.fsync must be true or false");
        assertThatThrownBy(() -> ConfigLoader.load(directory.resolve("missing.properties"), Map.of(), Map.of()))
                .hasMessageContaining("Cannot read configuration file");
    }

    @Test
    void queryLanesAreParsedAndBadOnesRefused()
    {
        assertThat(GroveConfig.defaults().query().lanes()).isEqualTo(Map.of("one", 2));
        assertThat(ConfigLoader.fromProperties(Map.of("grove.query.lanes", " one:3 , reports:1")).query().lanes()).isEqualTo(Map.of("one", 3, "reports", 1));
        assertThat(ConfigLoader.fromProperties(Map.of("grove.query.lanes", "")).query().lanes()).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GROVE_QUERY_LANES", "one"), Map.of()))
                .hasMessageContaining("grove.query.lanes must be a list of name:slots such as 'one:2,reports:1'")
                .hasMessageContaining("GROVE_QUERY_LANES");
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.query.lanes", "one:0")))
                .hasMessageContaining("grove.query.lanes lane 'one' must reserve 1 to 1024 slots, was 0");
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.query.lanes", "one:1,one:2")))
                .hasMessageContaining("names lane 'one' twice");
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.query.lanes", "default:1")))
                .hasMessageContaining("names lane 'default' twice (or names 'default', which always exists)");
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.query.resultTtlMs", "0")))
                .hasMessageContaining("grove.query.resultTtlMs must be positive");
    }

    @Test
    void memoryLimitIsCheckedNamingTheKeyTheVariableAndAnExample()
    {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GROVE_ENGINE_MEMORY_LIMIT", "lots"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grove.engine.memoryLimit")
                .hasMessageContaining("GROVE_ENGINE_MEMORY_LIMIT")
                .hasMessageContaining("such as 4GB")
                .hasMessageContaining("was 'lots' (from environment variable GROVE_ENGINE_MEMORY_LIMIT)");
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.engine.memoryLimit", "150%"))).hasMessageContaining("grove.engine.memoryLimit");
        assertThatThrownBy(() -> ConfigLoader.fromProperties(Map.of("grove.engine.memoryLimit", "4 potatoes"))).hasMessageContaining("grove.engine.memoryLimit");
        for (String valid : new String[] {"4GB", "512MB", "25%", "1.5GiB", "2gb", ""}) {
            assertThat(ConfigLoader.fromProperties(Map.of("grove.engine.memoryLimit", valid)).engineMemoryLimit()).isEqualTo(valid);
        }
    }

    @Test
    void parseErrorsSayWhereTheValueCameFromAndTheFormExpected()
            throws IOException
    {
        Path file = directory.resolve("typed.properties");
        Files.writeString(file, "grove.query.timeoutMs=soon\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessage("grove.query.timeoutMs must be a whole number, e.g. 300000, was 'soon' (from file " + file + ")");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GROVE_LOG_FSYNC", "maybe"), Map.of()))
                .hasMessage("grove.log.fsync must be true or false, was 'maybe' (from environment variable GROVE_LOG_FSYNC)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("grove.http.port", "99999")))
                .hasMessage("grove.http.port must be a port between 0 and 65535, was 99999 (from command-line flag)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GROVE_HTTP_THREADS", "-1"), Map.of()))
                .hasMessage("grove.http.threads must be 0 or more, was -1 (from environment variable GROVE_HTTP_THREADS)");
    }

    @Test
    void unknownKeysAndVariablesSuggestTheNearestKnownName()
            throws IOException
    {
        Path file = directory.resolve("typo.properties");
        Files.writeString(file, "grove.query.timeout=5\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("Unknown configuration key 'grove.query.timeout' (from file " + file + "); did you mean 'grove.query.timeoutMs'?");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GROVE_QUERY_TIMEOUT", "5"), Map.of()))
                .hasMessageContaining("Unknown environment variable GROVE_QUERY_TIMEOUT; did you mean GROVE_QUERY_TIMEOUT_MS ('grove.query.timeoutMs')?");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("GROVE_NOTHING_LIKE_ANY_KEY", "5"), Map.of()))
                .hasMessageContaining("Unknown environment variable GROVE_NOTHING_LIKE_ANY_KEY")
                .hasMessageNotContaining("did you mean");
        // the launcher's own variables and other programs' variables are not configuration
        assertThat(ConfigLoader.load(null, Map.of("GROVE_JAVA_OPTS", "-Xmx1g", "GROVE_LOG_LEVEL", "DEBUG", "PATH", "/bin"), Map.of()).httpPort())
                .isEqualTo(8888);
    }

    @Test
    void everyKeyIsDocumentedWithItsDefault()
            throws IOException
    {
        String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(docs).as(key.key()).contains("`" + key.key() + "`").contains("`" + key.environmentVariable() + "`");
            assertThat(docs).as(key.key() + " default").contains("| `" + key.key() + "` | `" + key.environmentVariable() + "` | `" + key.defaultValue() + "` |");
        }
    }
}
