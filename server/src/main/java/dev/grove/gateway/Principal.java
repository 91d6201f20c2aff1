package dev.grove.gateway;

import static java.util.Objects.requireNonNull;

/**
 * Who is calling, once authenticated. {@link #ANONYMOUS} is the caller when authentication is off.
 */
public record Principal(String name, String authenticatedBy)
{
    /** Everyone, when authentication is off: allowed everything, as before authentication existed. */
    public static final Principal ANONYMOUS = new Principal("anonymous", "none");

    public Principal
    {
        requireNonNull(name, "name is null");
        requireNonNull(authenticatedBy, "authenticatedBy is null");
    }
}
