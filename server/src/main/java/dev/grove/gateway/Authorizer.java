package dev.grove.gateway;

import dev.grove.datasource.DatasourceRegistry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
    private final DatasourceRegistry datasources;
    private final AuditLog audit;

    public Authorizer(boolean enabled, SecurityStore store, DatasourceRegistry datasources, AuditLog audit)
    {
        this.audit = requireNonNull(audit, "audit is null");
        this.enabled = enabled;
        this.store = requireNonNull(store, "store is null");
        this.datasources = requireNonNull(datasources, "datasources is null");
    }

    public Access access(Principal principal, Access.CallSource source)
    {
        requireNonNull(principal, "principal is null");
        if (!enabled) {
            return Access.allowAll(principal);
        }
        Map<String, List<Permission>> roles = new TreeMap<>(store.rolePermissionsOf(principal.name()));
        // a bearer token's groups are roles of the same names (those that exist)
        roles.putAll(store.rolePermissions(principal.groups()));
        List<RowPolicy> policies = store.policies(Optional.empty()).stream().filter(policy -> roles.containsKey(policy.role())).toList();
        return Access.of(principal, roles, policies, name -> datasources.get(name).map(datasource -> datasource.schema().columns()), audit, source);
    }
}
