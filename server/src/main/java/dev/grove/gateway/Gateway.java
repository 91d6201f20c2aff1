package dev.grove.gateway;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The one door every protocol passes: authenticates the caller from its credentials and gives the
 * {@link Access} its roles grant. With authentication off, every caller may do everything.
 *
 * <p>Thread-safe.
 */
public final class Gateway
{
    private final Authenticator authenticator;
    private final Authorizer authorizer;

    public Gateway(Authenticator authenticator, Authorizer authorizer)
    {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
    }

    public boolean authenticationEnabled()
    {
        return authenticator.enabled();
    }

    /** Throws {@code UNAUTHENTICATED} (or {@code TOO_MANY_FAILED_LOGINS}) when the credentials do not hold. */
    public Access admit(Optional<String> authorization, String client)
    {
        return admit(authorization, client, Optional.empty());
    }

    /** As {@link #admit(Optional, String)}; a verified client certificate's name stands in for absent credentials. */
    public Access admit(Optional<String> authorization, String client, Optional<String> clientCertificate)
    {
        return authorizer.access(authenticator.authenticate(authorization, client, clientCertificate));
    }
}
