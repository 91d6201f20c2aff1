package dev.grove.cli;

import dev.grove.client.BasicCredentials;
import picocli.CommandLine.Option;

import java.io.Console;
import java.util.Optional;

/**
 * Who a client command authenticates as, for a node with authentication on: {@code --user} (or
 * {@code GROVE_USER}), with the password from {@code GROVE_PASSWORD} or asked for on the terminal, so
 * it never appears in the process list or the shell history.
 */
final class NodeCredentials
{
    static final String PASSWORD_VARIABLE = "GROVE_PASSWORD";

    @Option(names = "--user", defaultValue = "${env:GROVE_USER}",
            description = "User to authenticate as, when the node has authentication on; the password comes from GROVE_PASSWORD or is asked for.")
    String user;

    /** The credentials to send, none without {@code --user}; fails with a clear message if no password can be had. */
    Optional<BasicCredentials> credentials()
    {
        return credentials(user);
    }

    /** Credentials for {@code user} (none when null or empty), the password from GROVE_PASSWORD or the terminal. */
    static Optional<BasicCredentials> credentials(String user)
    {
        if (user == null || user.isEmpty()) {
            return Optional.empty();
        }
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null) {
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("--user " + user + " needs a password: set " + PASSWORD_VARIABLE + " (no terminal to ask on)");
            }
            char[] typed = console.readPassword("Password for %s: ", user);
            if (typed == null) {
                throw new IllegalArgumentException("No password given for " + user);
            }
            password = new String(typed);
        }
        return Optional.of(BasicCredentials.of(user, password));
    }

    /** The hint added to a 401: how to authenticate from the CLI. */
    static String hint()
    {
        return "; pass --user NAME (password in " + PASSWORD_VARIABLE + " or asked for)";
    }
}
