package dev.grove.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * A user name and password sent with every call as {@code authorization: Basic base64(user:password)},
 * which is what a Grove node with authentication on (and Druid's gRPC query extension) expects. Add it
 * to a channel: {@code ManagedChannelBuilder.forTarget(t).usePlaintext().intercept(BasicCredentials.of(u, p))}.
 */
public final class BasicCredentials
        implements ClientInterceptor
{
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final String header;

    private BasicCredentials(String header)
    {
        this.header = header;
    }

    public static BasicCredentials of(String user, String password)
    {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("A user name for Basic credentials may not contain ':'");
        }
        return new BasicCredentials("Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** The header value, for HTTP clients. */
    public String headerValue()
    {
        return header;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions, Channel next)
    {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, callOptions))
        {
            @Override
            public void start(Listener<R> responseListener, Metadata headers)
            {
                headers.put(AUTHORIZATION, header);
                super.start(responseListener, headers);
            }
        };
    }
}
