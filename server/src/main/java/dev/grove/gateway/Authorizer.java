package dev.grove.gateway;

import static java.util.Objects.requireNonNull;

/**
 * Role-based access control with Druid's resource-action permissions: gives each authenticated caller
 * the {@link Access} its roles grant, read afresh from the security store, so a change to a role takes
 * effect on the caller's next request.
 *
 * <p>Thread-safe.
 */
public final class Authorizer
{
    private final boolean enabled;
    private final SecurityStore store;

    public Authorizer(boolean enabled, SecurityStore store)
    {
        this.enabled = enabled;
        this.store = requireNonNull(store, "store is null");
    }

    public Access access(Principal principal)
    {
        requireNonNull(principal, "principal is null");
        if (!enabled) {
            return Access.allowAll(principal);
        }
        return Access.of(principal, store.permissionsOf(principal.name()));
    }
}
