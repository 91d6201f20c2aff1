package dev.grove.cli;

import picocli.CommandLine.Option;

/**
 * Where the HTTP API of the node a client command talks to listens. Commands that speak gRPC use
 * {@link NodeGrpcAddress}; each command takes only the port it uses, so a port flag is never ignored.
 */
final class NodeAddress
{
    @Option(names = "--host", defaultValue = "${env:GROVE_HOST:-127.0.0.1}", description = "Node host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--http-port", defaultValue = "${env:GROVE_HTTP_PORT:-8888}", description = "Node HTTP port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    String httpBase()
    {
        return "http://" + host + ":" + httpPort;
    }

    /** The one message every command prints when nothing answers where it looked for a node. */
    static String unreachable(String protocol, String address, String portFlag)
    {
        return "Cannot reach a Grove node's " + protocol + " port at " + address + "; start one with ./grove start, or pass --host/" + portFlag;
    }
}
