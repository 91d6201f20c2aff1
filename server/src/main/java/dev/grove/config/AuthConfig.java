package dev.grove.config;

/**
 * Authentication and authorization; see {@link ConfigKey} for what each key means.
 */
public record AuthConfig(boolean enabled, int maxFailedLogins, boolean allowUnauthenticatedRemote)
{
    public AuthConfig
    {
        if (maxFailedLogins <= 0) {
            throw new IllegalArgumentException(ConfigKey.AUTH_MAX_FAILED_LOGINS.key() + " must be positive, was " + maxFailedLogins);
        }
    }

    /** Authentication on, everything else at its default. */
    public static AuthConfig on()
    {
        return new AuthConfig(true, 10, false);
    }
}
