package dev.grove.gateway;

import dev.grove.datasource.ColumnSpec;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.query.QueryRecord;
import dev.grove.query.TableAccess;
import dev.grove.sql.TablePolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * What one caller may do: the permissions of its roles and their row policies, fixed for the length of
 * a request. A refusal names the permission that is missing and nothing else (never data, never other
 * users).
 *
 * <p>Several roles combine as documented in docs/api.md: a datasource is restricted only if every role
 * that may read it restricts it; their row filters are OR-ed, and a column stays masked only if every
 * such role masks it (with the mask of the first of them by name).
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
    private final Map<String, List<Permission>> roles;
    private final List<RowPolicy> policies;
    private final Function<String, Optional<List<ColumnSpec>>> columns;
    private final AuditLog audit;
    private final CallSource source;

    private Access(Principal principal, boolean allowAll, Map<String, List<Permission>> roles, List<RowPolicy> policies,
            Function<String, Optional<List<ColumnSpec>>> columns, AuditLog audit, CallSource source)
    {
        this.principal = requireNonNull(principal, "principal is null");
        this.allowAll = allowAll;
        this.roles = Map.copyOf(requireNonNull(roles, "roles is null"));
        this.policies = List.copyOf(requireNonNull(policies, "policies is null"));
        this.columns = requireNonNull(columns, "columns is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.source = requireNonNull(source, "source is null");
    }

    /** Authentication is off: everything is allowed, as before Grove had authentication. */
    public static Access allowAll(Principal principal)
    {
        return new Access(principal, true, Map.of(), List.of(), table -> Optional.empty(), AuditLog.DISABLED, CallSource.UNKNOWN);
    }

    /**
     * @param roles the caller's roles and their permissions
     * @param policies the row policies of those roles
     * @param columns a datasource's columns ({@code __time} excluded), to write its restricted query
     * @param audit where the caller's queries, refusals and changes are recorded
     */
    public static Access of(Principal principal, Map<String, List<Permission>> roles, List<RowPolicy> policies,
            Function<String, Optional<List<ColumnSpec>>> columns, AuditLog audit, CallSource source)
    {
        return new Access(principal, false, roles, policies, columns, audit, source);
    }

    /** Where a call came in, for the audit. */
    public record CallSource(String frontDoor, String client)
    {
        public static final CallSource UNKNOWN = new CallSource("unknown", "unknown");

        public CallSource
        {
            requireNonNull(frontDoor, "frontDoor is null");
            requireNonNull(client, "client is null");
        }
    }

    /** Records a change this caller made (a user, role, policy, key or datasource), once it succeeded. */
    public void changed(String action, String target)
    {
        audit.record("change", fields(Map.of("action", action, "target", target)));
    }

    @Override
    public void queryFinished(QueryRecord record)
    {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("queryId", record.queryId());
        query.put("sql", record.sql());
        query.put("tables", record.tables().stream().sorted().toList());
        query.put("restricted", record.restricted());
        query.put("rows", record.rows());
        query.put("durationMs", record.durationMillis());
        query.put("outcome", record.error().map(Enum::name).orElse("OK"));
        audit.record("query", fields(query));
    }

    private Map<String, Object> fields(Map<String, Object> specific)
    {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("principal", principal.name());
        fields.put("authenticatedBy", principal.authenticatedBy());
        fields.put("frontDoor", source.frontDoor());
        fields.put("client", source.client());
        fields.putAll(specific);
        return fields;
    }

    public Principal principal()
    {
        return principal;
    }

    public boolean allows(ResourceType type, String name, Action action)
    {
        return allowAll || roles.values().stream().flatMap(List::stream).anyMatch(permission -> permission.grants(type, name, action));
    }

    public void check(ResourceType type, String name, Action action)
    {
        if (!allows(type, name, action)) {
            audit.record("denied", fields(Map.of("action", action.name(), "resourceType", type.name(), "resource", name)));
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

    @Override
    public TablePolicy policy()
    {
        return allowAll || policies.isEmpty() ? TablePolicy.NONE : this::relation;
    }

    /** The query that stands for {@code datasource} for this caller; empty when the caller sees it whole. */
    public Optional<String> relation(String datasource)
    {
        List<String> readingRoles = roles.entrySet().stream()
                .filter(role -> role.getValue().stream().anyMatch(permission -> permission.grants(ResourceType.DATASOURCE, datasource, Action.READ)))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        if (readingRoles.isEmpty()) {
            // not readable at all: the permission check refuses the query
            return Optional.empty();
        }
        List<RowPolicy> applying = new ArrayList<>();
        for (String role : readingRoles) {
            Optional<RowPolicy> policy = policies.stream().filter(candidate -> candidate.role().equals(role) && candidate.datasource().equals(datasource)).findFirst();
            if (policy.isEmpty()) {
                // one role that sees the datasource whole is enough
                return Optional.empty();
            }
            applying.add(policy.get());
        }
        List<ColumnSpec> tableColumns = columns.apply(datasource).orElseThrow(() -> new GroveException(GroveErrorCode.DATASOURCE_NOT_FOUND,
                "Datasource [" + datasource + "] does not exist"));
        StringBuilder select = new StringBuilder("SELECT ").append(SqlText.identifier(ColumnSpec.TIME_COLUMN));
        for (ColumnSpec column : tableColumns) {
            select.append(", ");
            Optional<ColumnMask> mask = maskOf(column.name(), applying);
            if (mask.isPresent()) {
                select.append(mask.get().expressionFor(column.name(), column.type())).append(" AS ");
            }
            select.append(SqlText.identifier(column.name()));
        }
        select.append(" FROM ").append(SqlText.identifier(datasource));
        if (applying.stream().allMatch(policy -> policy.rowFilter().isPresent())) {
            select.append(" WHERE ").append(String.join(" OR ", applying.stream().map(policy -> "(" + policy.rowFilterFor(principal).orElseThrow() + ")").toList()));
        }
        return Optional.of(select.toString());
    }

    private static Optional<ColumnMask> maskOf(String column, List<RowPolicy> applying)
    {
        if (applying.stream().allMatch(policy -> policy.columnMasks().containsKey(column))) {
            return Optional.of(applying.get(0).columnMasks().get(column));
        }
        return Optional.empty();
    }
}
