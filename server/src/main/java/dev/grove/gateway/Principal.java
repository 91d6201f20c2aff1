package dev.grove.gateway;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Who is calling, once authenticated: the user name, how it was authenticated, and for a bearer token
 * its groups (each the name of a role the caller holds) and its string claims (which row filters may use
 * as {@code :claims.NAME}). {@link #ANONYMOUS} is the caller when authentication is off.
 */
public record Principal(String name, String authenticatedBy, List<String> groups, Map<String, String> claims)
{
    /** Everyone, when authentication is off: allowed everything, as before authentication existed. */
    public static final Principal ANONYMOUS = new Principal("anonymous", "none");

    public Principal
    {
        requireNonNull(name, "name is null");
        requireNonNull(authenticatedBy, "authenticatedBy is null");
        groups = List.copyOf(requireNonNull(groups, "groups is null"));
        claims = Map.copyOf(requireNonNull(claims, "claims is null"));
    }

    public Principal(String name, String authenticatedBy)
    {
        this(name, authenticatedBy, List.of(), Map.of());
    }
}
