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
        subcommands = {StartCommand.class, SqlCommand.class, ProduceCommand.class, DatasourceCommand.class, PolicyCommand.class,
                SecurityCommands.UserCommand.class, SecurityCommands.RoleCommand.class,
                CommandLine.HelpCommand.class})
public final class GroveCli
{
    public static void main(String[] args)
    {
        int exitCode = commandLine().execute(args);
        if (exitCode != 0 || !StartCommand.isRunning()) {
            System.exit(exitCode);
        }
    }

    /** The CLI as {@link #main} runs it; tests run it in-process the same way. */
    static CommandLine commandLine()
    {
        return new CommandLine(new GroveCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                // a setting that cannot work (say, --user without a password) is one line, not a stack trace
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    if (exception instanceof IllegalArgumentException) {
                        commandLine.getErr().println("grove: " + exception.getMessage());
                        return 2;
                    }
                    throw exception;
                });
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
