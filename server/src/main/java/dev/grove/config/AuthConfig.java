package dev.grove.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Authentication and authorization; see {@link ConfigKey} for what each key means.
 *
 * @param jwksFile the JWKS whose keys sign accepted bearer tokens; empty: bearer tokens are refused
 */
public record AuthConfig(boolean enabled, int maxFailedLogins, boolean allowUnauthenticatedRemote, Optional<String> jwksFile, String jwtIssuer,
        Optional<String> jwtAudience, String jwtGroupsClaim, long jwtClockSkewSeconds, int auditRetentionDays)
{
    public AuthConfig
    {
        if (maxFailedLogins <= 0) {
            throw new IllegalArgumentException(ConfigKey.AUTH_MAX_FAILED_LOGINS.key() + " must be positive, was " + maxFailedLogins);
        }
        jwksFile = requireNonNull(jwksFile, "jwksFile is null").filter(file -> !file.isBlank());
        requireNonNull(jwtIssuer, "jwtIssuer is null");
        jwtAudience = requireNonNull(jwtAudience, "jwtAudience is null").filter(audience -> !audience.isBlank());
        requireNonNull(jwtGroupsClaim, "jwtGroupsClaim is null");
        if (jwksFile.isPresent() && jwtIssuer.isBlank()) {
            throw new IllegalArgumentException(ConfigKey.AUTH_JWT_ISSUER.key() + " must name the tokens' issuer when " + ConfigKey.AUTH_JWT_JWKS_FILE.key() + " is set");
        }
        if (auditRetentionDays <= 0) {
            throw new IllegalArgumentException(ConfigKey.AUDIT_RETENTION_DAYS.key() + " must be positive, was " + auditRetentionDays);
        }
        if (jwtClockSkewSeconds < 0) {
            throw new IllegalArgumentException(ConfigKey.AUTH_JWT_CLOCK_SKEW_SECONDS.key() + " must be 0 or more, was " + jwtClockSkewSeconds);
        }
    }

    public AuthConfig(boolean enabled, int maxFailedLogins, boolean allowUnauthenticatedRemote)
    {
        this(enabled, maxFailedLogins, allowUnauthenticatedRemote, Optional.empty(), "", Optional.empty(), "groups", 60, 30);
    }

    /** Authentication on, everything else at its default. */
    public static AuthConfig on()
    {
        return new AuthConfig(true, 10, false);
    }

    /** These settings, accepting bearer tokens signed by the keys in {@code jwksFile}. */
    public AuthConfig withJwt(String jwksFile, String issuer, Optional<String> audience)
    {
        return new AuthConfig(enabled, maxFailedLogins, allowUnauthenticatedRemote, Optional.of(jwksFile), issuer, audience, jwtGroupsClaim, jwtClockSkewSeconds, auditRetentionDays);
    }
}
