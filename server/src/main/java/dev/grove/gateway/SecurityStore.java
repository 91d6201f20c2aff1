package dev.grove.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.metadata.MetadataStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Users, their password hashes, roles with their permissions, and which user holds which role, in
 * the metadata store. One user table serves both the authenticator and the authorizer (Druid keeps two
 * lists that must be kept in step; a user created through either API here exists for both).
 * {@link #version()} moves on every change, so caches of credentials and permissions know when to drop.
 *
 * <p>Thread-safe.
 */
public final class SecurityStore
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetadataStore store;
    private final AtomicLong version = new AtomicLong();

    public SecurityStore(MetadataStore store)
    {
        this.store = requireNonNull(store, "store is null");
    }

    public long version()
    {
        return version.get();
    }

    public boolean hasUsers()
    {
        return !listUsers().isEmpty();
    }

    public List<String> listUsers()
    {
        return names("list users", "SELECT name FROM auth_users ORDER BY name");
    }

    public List<String> listRoles()
    {
        return names("list roles", "SELECT name FROM auth_roles ORDER BY name");
    }

    public boolean userExists(String user)
    {
        return exists("read user " + user, "SELECT 1 FROM auth_users WHERE name = ?", user);
    }

    public boolean roleExists(String role)
    {
        return exists("read role " + role, "SELECT 1 FROM auth_roles WHERE name = ?", role);
    }

    public void createUser(String user)
    {
        boolean inserted = update("create user " + user, "INSERT OR IGNORE INTO auth_users (name, created_at_millis) VALUES (?, ?)", user, System.currentTimeMillis()) > 0;
        if (!inserted) {
            throw new GroveException(GroveErrorCode.SECURITY_ENTITY_ALREADY_EXISTS, "User [" + user + "] already exists");
        }
    }

    public void deleteUser(String user)
    {
        if (update("delete user " + user, "DELETE FROM auth_users WHERE name = ?", user) == 0) {
            throw userNotFound(user);
        }
    }

    public void setPassword(String user, PasswordHasher.StoredPassword password)
    {
        int changed = update("set the credentials of user " + user, "UPDATE auth_users SET salt = ?, iterations = ?, hash = ? WHERE name = ?",
                password.salt(), password.iterations(), password.hash(), user);
        if (changed == 0) {
            throw userNotFound(user);
        }
    }

    /** Keeps the user's SCRAM-SHA-256 verifier beside its password hash (both from the same password). */
    public void setScram(String user, ScramVerifier verifier)
    {
        update("set the SCRAM verifier of user " + user, "INSERT OR REPLACE INTO auth_scram (user_name, salt, iterations, stored_key, server_key) VALUES (?, ?, ?, ?, ?)",
                user, verifier.salt(), verifier.iterations(), verifier.storedKey(), verifier.serverKey());
    }

    public Optional<ScramVerifier> scramVerifier(String user)
    {
        return store.withConnection("read the SCRAM verifier of user " + user, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT salt, iterations, stored_key, server_key FROM auth_scram WHERE user_name = ?")) {
                statement.setString(1, user);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(new ScramVerifier(rows.getBytes(1), rows.getInt(2), rows.getBytes(3), rows.getBytes(4))) : Optional.empty();
                }
            }
        });
    }

    /** The user's stored password; empty if the user does not exist or has no credentials yet. */
    public Optional<PasswordHasher.StoredPassword> storedPassword(String user)
    {
        return store.withConnection("read the credentials of user " + user, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT salt, iterations, hash FROM auth_users WHERE name = ?")) {
                statement.setString(1, user);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next() || rows.getBytes(1) == null) {
                        return Optional.empty();
                    }
                    return Optional.of(new PasswordHasher.StoredPassword(rows.getBytes(1), rows.getInt(2), rows.getBytes(3)));
                }
            }
        });
    }

    public void createRole(String role)
    {
        boolean inserted = update("create role " + role, "INSERT OR IGNORE INTO auth_roles (name, permissions_json, created_at_millis) VALUES (?, '[]', ?)",
                role, System.currentTimeMillis()) > 0;
        if (!inserted) {
            throw new GroveException(GroveErrorCode.SECURITY_ENTITY_ALREADY_EXISTS, "Role [" + role + "] already exists");
        }
    }

    public void deleteRole(String role)
    {
        if (update("delete role " + role, "DELETE FROM auth_roles WHERE name = ?", role) == 0) {
            throw roleNotFound(role);
        }
    }

    /** Replaces the role's permissions, as Druid's {@code POST .../roles/{role}/permissions} does. */
    public void setPermissions(String role, List<Permission> permissions)
    {
        String json;
        try {
            json = JSON.writeValueAsString(permissions.stream().map(PermissionJson::of).toList());
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write permissions as JSON", e);
        }
        if (update("set the permissions of role " + role, "UPDATE auth_roles SET permissions_json = ? WHERE name = ?", json, role) == 0) {
            throw roleNotFound(role);
        }
    }

    public List<Permission> permissions(String role)
    {
        return store.withConnection("read the permissions of role " + role, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT permissions_json FROM auth_roles WHERE name = ?")) {
                statement.setString(1, role);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        throw roleNotFound(role);
                    }
                    return parsePermissions(rows.getString(1));
                }
            }
        });
    }

    public void assignRole(String user, String role)
    {
        requireUserAndRole(user, role);
        update("assign role " + role + " to user " + user, "INSERT OR IGNORE INTO auth_user_roles (user_name, role_name) VALUES (?, ?)", user, role);
    }

    public void unassignRole(String user, String role)
    {
        requireUserAndRole(user, role);
        update("unassign role " + role + " from user " + user, "DELETE FROM auth_user_roles WHERE user_name = ? AND role_name = ?", user, role);
    }

    public List<String> rolesOf(String user)
    {
        if (!userExists(user)) {
            throw userNotFound(user);
        }
        return names("read the roles of user " + user, "SELECT role_name FROM auth_user_roles WHERE user_name = ? ORDER BY role_name", user);
    }

    public List<String> usersWith(String role)
    {
        if (!roleExists(role)) {
            throw roleNotFound(role);
        }
        return names("read the users of role " + role, "SELECT user_name FROM auth_user_roles WHERE role_name = ? ORDER BY user_name", role);
    }

    /** The user's roles with their permissions; empty for an unknown user. */
    public Map<String, List<Permission>> rolePermissionsOf(String user)
    {
        return store.withConnection("read the roles of user " + user, connection -> {
            Map<String, List<Permission>> roles = new java.util.TreeMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT r.name, r.permissions_json FROM auth_user_roles ur JOIN auth_roles r ON r.name = ur.role_name WHERE ur.user_name = ?")) {
                statement.setString(1, user);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        roles.put(rows.getString(1), parsePermissions(rows.getString(2)));
                    }
                }
            }
            return roles;
        });
    }

    /** The permissions of each of {@code roles} that exists. */
    public Map<String, List<Permission>> rolePermissions(java.util.Collection<String> roles)
    {
        Map<String, List<Permission>> found = new java.util.TreeMap<>();
        for (String role : roles) {
            store.withConnection("read role " + role, connection -> {
                try (PreparedStatement statement = connection.prepareStatement("SELECT permissions_json FROM auth_roles WHERE name = ?")) {
                    statement.setString(1, role);
                    try (ResultSet rows = statement.executeQuery()) {
                        if (rows.next()) {
                            found.put(role, parsePermissions(rows.getString(1)));
                        }
                    }
                }
                return null;
            });
        }
        return found;
    }

    /** Every permission the user holds through any of its roles; empty for an unknown user. */
    public List<Permission> permissionsOf(String user)
    {
        return store.withConnection("read the permissions of user " + user, connection -> {
            List<Permission> permissions = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT r.permissions_json FROM auth_user_roles ur JOIN auth_roles r ON r.name = ur.role_name WHERE ur.user_name = ?")) {
                statement.setString(1, user);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        permissions.addAll(parsePermissions(rows.getString(1)));
                    }
                }
            }
            return permissions;
        });
    }

    /** Sets (replaces) the role's policy on the datasource. */
    public void setPolicy(RowPolicy policy)
    {
        if (!roleExists(policy.role())) {
            throw roleNotFound(policy.role());
        }
        String masks;
        try {
            masks = JSON.writeValueAsString(policy.columnMasks());
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write column masks as JSON", e);
        }
        update("set the policy of role " + policy.role() + " on " + policy.datasource(),
                "INSERT OR REPLACE INTO auth_policies (role_name, datasource, row_filter, column_masks_json, updated_at_millis) VALUES (?, ?, ?, ?, ?)",
                policy.role(), policy.datasource(), policy.rowFilter().orElse(null), masks, System.currentTimeMillis());
    }

    public void deletePolicy(String role, String datasource)
    {
        if (update("delete the policy of role " + role + " on " + datasource, "DELETE FROM auth_policies WHERE role_name = ? AND datasource = ?", role, datasource) == 0) {
            throw new GroveException(GroveErrorCode.SECURITY_ENTITY_NOT_FOUND, "Role [" + role + "] has no policy on datasource [" + datasource + "]");
        }
    }

    /** Every policy, or those of {@code role} when given, ordered by role and datasource. */
    public List<RowPolicy> policies(Optional<String> role)
    {
        return store.withConnection("read policies", connection -> {
            String sql = "SELECT role_name, datasource, row_filter, column_masks_json FROM auth_policies"
                    + (role.isPresent() ? " WHERE role_name = ?" : "") + " ORDER BY role_name, datasource";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (role.isPresent()) {
                    statement.setString(1, role.get());
                }
                List<RowPolicy> policies = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        policies.add(new RowPolicy(rows.getString(1), rows.getString(2), Optional.ofNullable(rows.getString(3)), parseMasks(rows.getString(4))));
                    }
                }
                return policies;
            }
        });
    }

    private static Map<String, ColumnMask> parseMasks(String json)
    {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, ColumnMask>>() {});
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "A policy's stored column masks are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private void requireUserAndRole(String user, String role)
    {
        if (!userExists(user)) {
            throw userNotFound(user);
        }
        if (!roleExists(role)) {
            throw roleNotFound(role);
        }
    }

    private static List<Permission> parsePermissions(String json)
    {
        try {
            return JSON.readValue(json, new TypeReference<List<PermissionJson>>() {}).stream().map(PermissionJson::toPermission).toList();
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.STORAGE_FAILURE, "A role's stored permissions are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private List<String> names(String what, String sql, Object... arguments)
    {
        return store.withConnection(what, connection -> {
            try (PreparedStatement statement = prepare(connection.prepareStatement(sql), arguments); ResultSet rows = statement.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                return names;
            }
        });
    }

    private boolean exists(String what, String sql, Object... arguments)
    {
        return store.withConnection(what, connection -> {
            try (PreparedStatement statement = prepare(connection.prepareStatement(sql), arguments); ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        });
    }

    private int update(String what, String sql, Object... arguments)
    {
        int changed = store.withConnection(what, connection -> {
            try (PreparedStatement statement = prepare(connection.prepareStatement(sql), arguments)) {
                return statement.executeUpdate();
            }
        });
        version.incrementAndGet();
        return changed;
    }

    private static PreparedStatement prepare(PreparedStatement statement, Object... arguments)
            throws java.sql.SQLException
    {
        for (int i = 0; i < arguments.length; i++) {
            statement.setObject(i + 1, arguments[i]);
        }
        return statement;
    }

    static GroveException userNotFound(String user)
    {
        return new GroveException(GroveErrorCode.SECURITY_ENTITY_NOT_FOUND, "User [" + user + "] does not exist");
    }

    static GroveException roleNotFound(String role)
    {
        return new GroveException(GroveErrorCode.SECURITY_ENTITY_NOT_FOUND, "Role [" + role + "] does not exist");
    }
}
