package dev.grove.cli;

import picocli.CommandLine.Option;

/**
 * The administrator a security command ({@code policy}, {@code user}, {@code role}) authenticates as:
 * {@code --admin-user} (or {@code GROVE_USER}) with the password in {@code GROVE_PASSWORD} or asked for.
 * Not {@code --user}: in these commands that names the user being managed or tested.
 */
final class AdminCredentials
{
    @Option(names = "--admin-user", defaultValue = "${env:GROVE_USER}", description = "User to authenticate as (password in GROVE_PASSWORD or asked for).")
    String user;

    NodeHttp http(NodeAddress node)
    {
        return new NodeHttp(node.httpBase(), NodeCredentials.credentials(user));
    }
}
