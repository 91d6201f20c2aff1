package dev.grove.gateway;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Changes to users, credentials, roles and permissions, as the basic-security API and the CLI make
 * them: names checked, passwords hashed, each change effective on the next request.
 *
 * <p>Thread-safe.
 */
public final class SecurityAdmin
{
    private static final int MAX_NAME_LENGTH = 256;

    private final SecurityStore store;
    private final PasswordHasher hasher;

    public SecurityAdmin(SecurityStore store, PasswordHasher hasher)
    {
        this.store = requireNonNull(store, "store is null");
        this.hasher = requireNonNull(hasher, "hasher is null");
    }

    public SecurityStore store()
    {
        return store;
    }

    /**
     * Creates the user unless it exists. Druid keeps separate user lists for its authenticator and its
     * authorizer, and setup scripts create each user in both; here one list serves both, so the second
     * creation is not an error.
     */
    public void ensureUser(String user)
    {
        checkName("user", user);
        if (!store.userExists(user)) {
            store.createUser(user);
        }
    }

    public void setPassword(String user, String password)
    {
        requireNonNull(password, "password is null");
        SecurityBootstrap.checkPassword(password);
        if (!store.userExists(user)) {
            throw SecurityStore.userNotFound(user);
        }
        store.setPassword(user, hasher.hash(password));
        store.setScram(user, hasher.scram(password));
    }

    public void createRole(String role)
    {
        checkName("role", role);
        store.createRole(role);
    }

    public void setPermissions(String role, List<Permission> permissions)
    {
        store.setPermissions(role, permissions);
    }

    /**
     * A user for a service Grove runs itself (the demo's producer): a role of the same name holding
     * exactly {@code permissions}, and a new random password, returned to the service and kept nowhere else.
     */
    public String resetServiceUser(String user, List<Permission> permissions)
    {
        ensureUser(user);
        if (!store.roleExists(user)) {
            store.createRole(user);
        }
        store.setPermissions(user, permissions);
        store.assignRole(user, user);
        String password = SecurityBootstrap.generatePassword();
        store.setPassword(user, hasher.hash(password));
        store.setScram(user, hasher.scram(password));
        return password;
    }

    private static void checkName(String what, String name)
    {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl) || name.indexOf(':') >= 0) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "A " + what + " name must be 1 to " + MAX_NAME_LENGTH
                    + " characters, without control characters or ':' (Basic credentials separate user and password with it)");
        }
    }
}
