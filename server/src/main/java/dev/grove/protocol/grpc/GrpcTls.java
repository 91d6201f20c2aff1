package dev.grove.protocol.grpc;

import dev.grove.gateway.TlsMaterial;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;

/**
 * TLS for the gRPC port, from the node's {@link TlsMaterial}: its certificate, and the client CAs whose
 * certificates authenticate a caller (optional per client).
 */
public final class GrpcTls
{
    private GrpcTls() {}

    public static SslContext serverContext(TlsMaterial tls)
    {
        SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keyManagers()));
        tls.clientTrust().ifPresent(trust -> builder.trustManager(trust).clientAuth(ClientAuth.OPTIONAL));
        try {
            return builder.build();
        }
        catch (SSLException e) {
            throw new IllegalArgumentException("Cannot set up TLS for gRPC: " + e.getMessage(), e);
        }
    }
}
