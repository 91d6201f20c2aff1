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
