package dev.grove.cli;

import dev.grove.node.GroveNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code grove}: start a node, run SQL against one, produce events into it, manage datasources.
 */
@Command(name = "grove",
        mixinStandardHelpOptions = true,
        versionProvider = GroveCli.Version.class,
        description = "Grove: real-time analytics for event streams, speaking Apache Druid's SQL.",
        subcommands = {StartCommand.class, SqlCommand.class, ProduceCommand.class, DatasourceCommand.class, CommandLine.HelpCommand.class})
public final class GroveCli
{
    public static void main(String[] args)
    {
        int exitCode = new CommandLine(new GroveCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        if (exitCode != 0 || !StartCommand.isRunning()) {
            System.exit(exitCode);
        }
    }

    static final class Version
            implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[] {"grove " + GroveNode.version()};
        }
    }
}
