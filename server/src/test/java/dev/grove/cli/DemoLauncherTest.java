package dev.grove.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoLauncherTest
{
    @Test
    void exampleCommandsCarryTheNodesPortAndHostWhenNotTheDefaults()
    {
        List<String> commands = DemoLauncher.exampleCommands("127.0.0.1", 18888);
        assertThat(commands.get(0)).endsWith("http://127.0.0.1:18888/druid/v2/sql");
        assertThat(commands).filteredOn(command -> command.startsWith("./grove"))
                .hasSize(DemoLauncher.EXAMPLE_QUERIES.size())
                .allMatch(command -> command.startsWith("./grove sql --http-port 18888 \""));

        assertThat(DemoLauncher.exampleCommands("10.1.2.3", 8888)).filteredOn(command -> command.startsWith("./grove"))
                .allMatch(command -> command.startsWith("./grove sql --host 10.1.2.3 \""));
        assertThat(DemoLauncher.exampleCommands("0.0.0.0", 8888)).filteredOn(command -> command.startsWith("./grove"))
                .allMatch(command -> command.startsWith("./grove sql \""));
        assertThat(DemoLauncher.exampleCommands("0.0.0.0", 8888).get(0)).endsWith("http://127.0.0.1:8888/druid/v2/sql");
    }
}
