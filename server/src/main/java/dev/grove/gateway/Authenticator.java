package dev.grove.gateway;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static java.util.Objects.requireNonNull;

/**
 * Turns the credentials a request carries ({@code Authorization: Basic base64(user:password)}, the
 * same header on HTTP and in gRPC metadata) into a {@link Principal}. Every failure reads the same,
 * "invalid user name or password", whether the user exists or not, and an unknown user costs the
 * same hashing as a known one, so neither the answer nor its timing tells which it was.
 *
 * <p>Hashing a password is deliberately slow, so a verified login is remembered (as a SHA-256 digest,
 * never the password) until the security store changes.
 *
 * <p>Thread-safe.
 */
public final class Authenticator
{
    public static final String BASIC = "basic";
    public static final String CLIENT_CERTIFICATE = "mtls";
    public static final String SCRAM = "scram";
    private static final String INVALID = "Invalid user name or password";

    private final boolean enabled;
    private final SecurityStore store;
    private final PasswordHasher hasher;
    private final FailedLogins failedLogins;
    private final PasswordHasher.StoredPassword decoy;
    private final ConcurrentMap<String, VerifiedLogin> verified = new ConcurrentHashMap<>();
    private final Optional<JwtVerifier> bearerTokens;
    private final ApiKeys apiKeys;
    private final SecureRandom random = new SecureRandom();
    private final byte[] scramDecoySecret = new byte[32];

    /**
     * Accepts Basic credentials, API keys ({@code Bearer grove_...}) and, with {@code bearerTokens},
     * JWTs ({@code Bearer <JWT>}).
     */
    public Authenticator(boolean enabled, SecurityStore store, PasswordHasher hasher, FailedLogins failedLogins, Optional<JwtVerifier> bearerTokens,
            ApiKeys apiKeys)
    {
        this.bearerTokens = requireNonNull(bearerTokens, "bearerTokens is null");
        this.apiKeys = requireNonNull(apiKeys, "apiKeys is null");
        random.nextBytes(scramDecoySecret);
        this.enabled = enabled;
        this.store = requireNonNull(store, "store is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
        this.failedLogins = requireNonNull(failedLogins, "failedLogins is null");
        this.decoy = hasher.hash("decoy password for unknown users");
    }

    public boolean enabled()
    {
        return enabled;
    }

    /**
     * The caller behind {@code authorization} (the header's value, if any), coming from {@code client}
     * (its address, for rate limiting). With authentication off, everyone is {@link Principal#ANONYMOUS}.
     */
    public Principal authenticate(Optional<String> authorization, String client)
    {
        return authenticate(authorization, client, Optional.empty());
    }

    /**
     * As {@link #authenticate(Optional, String)}; without an Authorization header, a client certificate the
     * TLS layer verified against the trusted client CAs ({@code clientCertificate}: its subject's CN) names the caller.
     */
    public Principal authenticate(Optional<String> authorization, String client, Optional<String> clientCertificate)
    {
        if (!enabled) {
            return Principal.ANONYMOUS;
        }
        if (authorization.isEmpty() && clientCertificate.isPresent()) {
            return new Principal(clientCertificate.get(), CLIENT_CERTIFICATE);
        }
        if (authorization.isEmpty()) {
            throw new GroveException(GroveErrorCode.UNAUTHENTICATED,
                    "Authentication required: send HTTP Basic credentials (Authorization: Basic base64(user:password))");
        }
        if (failedLogins.blocked(client)) {
            throw new GroveException(GroveErrorCode.TOO_MANY_FAILED_LOGINS,
                    "Too many failed logins from this address; wait up to " + failedLogins.windowSeconds() + " s before trying again");
        }
        Optional<String> token = bearerToken(authorization.get());
        if (token.isPresent() && token.get().startsWith(ApiKeys.PREFIX)) {
            Optional<Principal> principal = apiKeys.verify(token.get());
            if (principal.isEmpty()) {
                failedLogins.failed(client);
                throw new GroveException(GroveErrorCode.UNAUTHENTICATED, "Invalid API key: it is unknown, malformed or revoked");
            }
            failedLogins.succeeded(client);
            return principal.get();
        }
        if (token.isPresent()) {
            try {
                Principal principal = bearerTokens.orElseThrow(() -> new GroveException(GroveErrorCode.UNAUTHENTICATED,
                        "Bearer tokens are not accepted: no JWKS is configured (grove.auth.jwt.jwksFile); send Basic credentials")).verify(token.get());
                failedLogins.succeeded(client);
                return principal;
            }
            catch (GroveException e) {
                failedLogins.failed(client);
                throw e;
            }
        }
        Credentials credentials = parse(authorization.get());
        if (!verify(credentials)) {
            failedLogins.failed(client);
            throw new GroveException(GroveErrorCode.UNAUTHENTICATED, INVALID);
        }
        failedLogins.succeeded(client);
        return new Principal(credentials.user(), BASIC);
    }

    private boolean verify(Credentials credentials)
    {
        long version = store.version();
        byte[] digest = digest(credentials);
        VerifiedLogin known = verified.get(credentials.user());
        if (known != null && known.version() == version && MessageDigest.isEqual(known.digest(), digest)) {
            return true;
        }
        Optional<PasswordHasher.StoredPassword> stored = store.storedPassword(credentials.user());
        // an unknown user is hashed against a decoy, so it takes as long as a wrong password
        boolean matches = hasher.matches(credentials.password(), stored.orElse(decoy)) && stored.isPresent();
        if (matches) {
            if (verified.size() > 10_000) {
                verified.clear();
            }
            verified.put(credentials.user(), new VerifiedLogin(version, digest));
        }
        return matches;
    }

    /**
     * A SCRAM-SHA-256 exchange for {@code user} (PostgreSQL wire), refused at once when {@code client} has
     * failed too often; the caller reports the outcome with {@link #scramSucceeded} or {@link #scramFailed}.
     */
    public ScramServer scram(String user, String client)
    {
        if (failedLogins.blocked(client)) {
            throw new GroveException(GroveErrorCode.TOO_MANY_FAILED_LOGINS,
                    "Too many failed logins from this address; wait up to " + failedLogins.windowSeconds() + " s before trying again");
        }
        return new ScramServer(user, store.scramVerifier(user), scramDecoySecret, random);
    }

    public Principal scramSucceeded(ScramServer exchange, String client)
    {
        failedLogins.succeeded(client);
        return new Principal(exchange.user(), SCRAM);
    }

    public void scramFailed(String client)
    {
        failedLogins.failed(client);
    }

    private static Optional<String> bearerToken(String authorization)
    {
        String value = authorization.trim();
        int space = value.indexOf(' ');
        return space > 0 && value.substring(0, space).equalsIgnoreCase("Bearer") ? Optional.of(value.substring(space + 1).trim()) : Optional.empty();
    }

    private static Credentials parse(String authorization)
    {
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Basic")) {
            throw new GroveException(GroveErrorCode.UNAUTHENTICATED, "Unsupported authorization scheme; send 'Authorization: Basic base64(user:password)' or 'Bearer <token>'");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(space + 1).trim()), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            throw new GroveException(GroveErrorCode.UNAUTHENTICATED, "Malformed Basic credentials: not base64; send base64(user:password)");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new GroveException(GroveErrorCode.UNAUTHENTICATED, "Malformed Basic credentials: expected base64(user:password)");
        }
        return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static byte[] digest(Credentials credentials)
    {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(credentials.user().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            return sha256.digest(credentials.password().getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private record Credentials(String user, String password) {}

    private record VerifiedLogin(long version, byte[] digest) {}
}
