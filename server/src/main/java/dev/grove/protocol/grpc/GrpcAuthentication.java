package dev.grove.protocol.grpc;

import dev.grove.gateway.Access;
import dev.grove.gateway.Gateway;
import dev.grove.gateway.TlsMaterial;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthGrpc;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Authenticates every gRPC call from its {@code authorization} metadata (the same
 * {@code Basic base64(user:password)} as HTTP) before any service sees it, and hands the caller's
 * {@link Access} to the services through the call's {@link Context}. Failing calls end with
 * {@code UNAUTHENTICATED} (or {@code RESOURCE_EXHAUSTED} after too many failures). Health checks stay
 * open, as {@code /status/health} does over HTTP, so orchestrators need no credentials.
 */
final class GrpcAuthentication
        implements ServerInterceptor
{
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<Access> ACCESS = Context.key("grove-access");
    private static final Set<String> OPEN_SERVICES = Set.of(HealthGrpc.SERVICE_NAME, "druidGrpc.Health");

    private final Gateway gateway;

    GrpcAuthentication(Gateway gateway)
    {
        this.gateway = requireNonNull(gateway, "gateway is null");
    }

    /** The authenticated caller of the call running on this thread. */
    static Access access()
    {
        Access access = ACCESS.get();
        if (access == null) {
            throw new IllegalStateException("The gRPC call was not authenticated before its service ran");
        }
        return access;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next)
    {
        if (OPEN_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        Access access;
        try {
            access = gateway.admit(Optional.ofNullable(headers.get(AUTHORIZATION)), client(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)),
                    clientCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)), "grpc");
        }
        catch (RuntimeException e) {
            StatusRuntimeException status = StatusMapper.toStatus(e);
            call.close(status.getStatus(), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(Context.current().withValue(ACCESS, access), call, headers, next);
    }

    /** The common name of the client's verified certificate (mTLS), if it sent one. */
    private static Optional<String> clientCertificate(SSLSession session)
    {
        if (session == null) {
            return Optional.empty();
        }
        try {
            return TlsMaterial.commonName(session.getPeerCertificates());
        }
        catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private static String client(SocketAddress remote)
    {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }
}
