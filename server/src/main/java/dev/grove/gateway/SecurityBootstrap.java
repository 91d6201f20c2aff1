package dev.grove.gateway;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The first start with authentication on creates the {@code admin} user and an {@code admin} role
 * that may do everything (every resource type, READ and WRITE), as Druid's {@code initialAdminPassword}
 * does. The password is the one given, or a generated one the caller shows once.
 */
public final class SecurityBootstrap
{
    public static final String ADMIN = "admin";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private SecurityBootstrap() {}

    /**
     * Creates the admin user if the store has no users yet. Returns the generated password when one was
     * generated (to be shown once), empty when the admin existed or its password was given.
     */
    public static Optional<String> ensureAdmin(SecurityStore store, PasswordHasher hasher, Optional<String> givenPassword)
    {
        requireNonNull(givenPassword, "givenPassword is null");
        if (store.hasUsers()) {
            return Optional.empty();
        }
        givenPassword.ifPresent(SecurityBootstrap::checkPassword);
        String password = givenPassword.orElseGet(SecurityBootstrap::generatePassword);
        if (!store.roleExists(ADMIN)) {
            store.createRole(ADMIN);
        }
        List<Permission> everything = new ArrayList<>();
        for (ResourceType type : ResourceType.values()) {
            for (Action action : Action.values()) {
                everything.add(new Permission(type, ".*", action));
            }
        }
        store.setPermissions(ADMIN, everything);
        store.createUser(ADMIN);
        store.setPassword(ADMIN, hasher.hash(password));
        store.setScram(ADMIN, hasher.scram(password));
        store.assignRole(ADMIN, ADMIN);
        return givenPassword.isPresent() ? Optional.empty() : Optional.of(password);
    }

    public static void checkPassword(String password)
    {
        if (password.length() < 8) {
            throw new dev.grove.error.GroveException(dev.grove.error.GroveErrorCode.INVALID_REQUEST, "A password must have at least 8 characters");
        }
    }

    /** 20 random letters and digits (about 117 bits), without look-alikes such as 0/O and 1/l. */
    static String generatePassword()
    {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
