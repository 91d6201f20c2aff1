package dev.grove.gateway;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.query.TableAccess;

import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What one caller may do: the permissions of all its roles, fixed for the length of a request. A
 * refusal names the permission that is missing and nothing else (never data, never other users).
 */
public final class Access
        implements TableAccess
{
    /** Druid's resource names for the node's configuration, its state, and the security API. */
    public static final String CONFIG = "CONFIG";
    public static final String STATE = "STATE";
    public static final String SECURITY = "security";

    private final Principal principal;
    private final boolean allowAll;
    private final List<Permission> permissions;

    private Access(Principal principal, boolean allowAll, List<Permission> permissions)
    {
        this.principal = requireNonNull(principal, "principal is null");
        this.allowAll = allowAll;
        this.permissions = List.copyOf(requireNonNull(permissions, "permissions is null"));
    }

    /** Authentication is off: everything is allowed, as before Grove had authentication. */
    public static Access allowAll(Principal principal)
    {
        return new Access(principal, true, List.of());
    }

    public static Access of(Principal principal, List<Permission> permissions)
    {
        return new Access(principal, false, permissions);
    }

    public Principal principal()
    {
        return principal;
    }

    public boolean allows(ResourceType type, String name, Action action)
    {
        return allowAll || permissions.stream().anyMatch(permission -> permission.grants(type, name, action));
    }

    public void check(ResourceType type, String name, Action action)
    {
        if (!allows(type, name, action)) {
            throw new GroveException(GroveErrorCode.PERMISSION_DENIED, "Not authorized: user [" + principal.name() + "] lacks " + action
                    + " on " + type + " [" + name + "]; an administrator can grant it through a role");
        }
    }

    public boolean canRead(String datasource)
    {
        return allows(ResourceType.DATASOURCE, datasource, Action.READ);
    }

    /** Creating and dropping datasources, and other changes to the node's configuration. */
    public void checkConfigWrite()
    {
        check(ResourceType.CONFIG, CONFIG, Action.WRITE);
    }

    @Override
    public void checkCanRead(Set<String> datasources)
    {
        for (String datasource : datasources) {
            check(ResourceType.DATASOURCE, datasource, Action.READ);
        }
    }
}
