package dev.grove.cli;

import picocli.CommandLine.Option;

/**
 * Where the node a client command talks to listens.
 */
final class NodeAddress
{
    @Option(names = "--host", defaultValue = "${env:GROVE_HOST:-127.0.0.1}", description = "Node host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--http-port", defaultValue = "${env:GROVE_HTTP_PORT:-8888}", description = "Node HTTP port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--grpc-port", defaultValue = "${env:GROVE_GRPC_PORT:-50051}", description = "Node gRPC port (default: ${DEFAULT-VALUE}).")
    int grpcPort;

    String httpBase()
    {
        return "http://" + host + ":" + httpPort;
    }

    String grpcTarget()
    {
        return host + ":" + grpcPort;
    }
}
