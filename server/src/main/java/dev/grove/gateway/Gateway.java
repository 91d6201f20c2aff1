package dev.grove.gateway;

import dev.grove.error.GroveException;

import java.util.Map;
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
    private final AuditLog audit;

    public Gateway(Authenticator authenticator, Authorizer authorizer, AuditLog audit)
    {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
        this.audit = requireNonNull(audit, "audit is null");
    }

    /** Starts a SCRAM-SHA-256 login (PostgreSQL wire); finish it with {@link #admitScram}. */
    public ScramServer scram(String user, String client)
    {
        return authenticator.scram(user, client);
    }

    /**
     * Checks the SCRAM client-final message; returns the server-final message and the caller's access, or
     * throws {@code UNAUTHENTICATED} (recorded in the audit and counted as a failed login).
     */
    public ScramOutcome admitScram(ScramServer exchange, String clientFinal, String client, String frontDoor)
    {
        String serverFinal;
        try {
            serverFinal = exchange.finalMessage(clientFinal);
        }
        catch (GroveException e) {
            authenticator.scramFailed(client);
            audit.record("unauthenticated", Map.of("frontDoor", frontDoor, "client", client, "outcome", e.code().name()));
            throw e;
        }
        Principal principal = authenticator.scramSucceeded(exchange, client);
        return new ScramOutcome(serverFinal, authorizer.access(principal, new Access.CallSource(frontDoor, client)));
    }

    public record ScramOutcome(String serverFinal, Access access) {}

    /** What {@code user} may do and see, as if it called: for testing policies, never for serving a call. */
    public Access accessOf(String user)
    {
        return authorizer.access(new Principal(user, "policy-test"), Access.CallSource.UNKNOWN);
    }

    public AuditLog audit()
    {
        return audit;
    }

    public boolean authenticationEnabled()
    {
        return authenticator.enabled();
    }

    /**
     * The caller's access. Throws {@code UNAUTHENTICATED} (or {@code TOO_MANY_FAILED_LOGINS}) when the
     * credentials do not hold, and records that in the audit; a verified client certificate's name stands
     * in for absent credentials.
     *
     * @param frontDoor the protocol the call came in by ({@code http}, {@code grpc}, ...), for the audit
     */
    public Access admit(Optional<String> authorization, String client, Optional<String> clientCertificate, String frontDoor)
    {
        Principal principal;
        try {
            principal = authenticator.authenticate(authorization, client, clientCertificate);
        }
        catch (GroveException e) {
            audit.record("unauthenticated", Map.of("frontDoor", frontDoor, "client", client, "outcome", e.code().name()));
            throw e;
        }
        return authorizer.access(principal, new Access.CallSource(frontDoor, client));
    }
}
