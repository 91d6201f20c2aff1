package dev.grove.cli;

import picocli.CommandLine.Option;

/**
 * Where the gRPC services of the node a client command talks to listen.
 */
final class NodeGrpcAddress
{
    @Option(names = "--host", defaultValue = "${env:GROVE_HOST:-127.0.0.1}", description = "Node host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--grpc-port", defaultValue = "${env:GROVE_GRPC_PORT:-50051}", description = "Node gRPC port (default: ${DEFAULT-VALUE}).")
    int grpcPort;

    String grpcTarget()
    {
        return host + ":" + grpcPort;
    }
}
