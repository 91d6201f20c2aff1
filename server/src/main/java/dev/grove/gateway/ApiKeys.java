package dev.grove.gateway;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.metadata.MetadataStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * API keys for services: {@code grove_<id>_<secret>}, sent as {@code Authorization: Bearer <key>}. A key
 * acts as the user it was created for. Only a SHA-256 digest of the secret is kept (the secret is 190 random
 * bits, so a slow hash adds nothing), the key is shown once at creation, and a revoked key stops working
 * on its next use.
 *
 * <p>Thread-safe.
 */
public final class ApiKeys
{
    public static final String PREFIX = "grove_";
    public static final String AUTHENTICATED_BY = "apiKey";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ID_LENGTH = 12;
    private static final int SECRET_LENGTH = 32;

    private final MetadataStore store;
    private final SecurityStore users;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(MetadataStore store, SecurityStore users)
    {
        this.store = requireNonNull(store, "store is null");
        this.users = requireNonNull(users, "users is null");
    }

    /** A key as listed: never its secret. */
    public record ApiKey(String id, String user, String description, long createdAtMillis, Optional<Long> revokedAtMillis) {}

    /** A new key for {@code user}; the returned text is the only time the key is shown. */
    public CreatedKey create(String user, String description)
    {
        requireNonNull(description, "description is null");
        if (!users.userExists(user)) {
            throw SecurityStore.userNotFound(user);
        }
        String id = random(ID_LENGTH);
        String secret = random(SECRET_LENGTH);
        long now = System.currentTimeMillis();
        store.withConnection("create an API key for " + user, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO auth_api_keys (id, user_name, secret_sha256, description, created_at_millis) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, user);
                insert.setBytes(3, sha256(secret));
                insert.setString(4, description);
                insert.setLong(5, now);
                return insert.executeUpdate();
            }
        });
        return new CreatedKey(new ApiKey(id, user, description, now, Optional.empty()), PREFIX + id + "_" + secret);
    }

    public record CreatedKey(ApiKey key, String text) {}

    public List<ApiKey> list(Optional<String> user)
    {
        return store.withConnection("list API keys", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, user_name, description, created_at_millis, revoked_at_millis FROM auth_api_keys"
                    + (user.isPresent() ? " WHERE user_name = ?" : "") + " ORDER BY created_at_millis, id")) {
                if (user.isPresent()) {
                    select.setString(1, user.get());
                }
                List<ApiKey> keys = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long revoked = rows.getLong(5);
                        keys.add(new ApiKey(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.wasNull() ? Optional.empty() : Optional.of(revoked)));
                    }
                }
                return keys;
            }
        });
    }

    public void revoke(String id)
    {
        int changed = store.withConnection("revoke API key " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE auth_api_keys SET revoked_at_millis = ? WHERE id = ? AND revoked_at_millis IS NULL")) {
                update.setLong(1, System.currentTimeMillis());
                update.setString(2, id);
                return update.executeUpdate();
            }
        });
        if (changed == 0) {
            throw new GroveException(GroveErrorCode.SECURITY_ENTITY_NOT_FOUND, "No active API key with id [" + id + "]");
        }
    }

    /** The caller behind a key, or empty when the key is unknown, revoked, malformed or its user is gone. */
    Optional<Principal> verify(String key)
    {
        if (!key.startsWith(PREFIX) || key.length() != PREFIX.length() + ID_LENGTH + 1 + SECRET_LENGTH || key.charAt(PREFIX.length() + ID_LENGTH) != '_') {
            return Optional.empty();
        }
        String id = key.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
        byte[] presented = sha256(key.substring(PREFIX.length() + ID_LENGTH + 1));
        return store.withConnection("check an API key", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT user_name, secret_sha256 FROM auth_api_keys WHERE id = ? AND revoked_at_millis IS NULL")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next() && MessageDigest.isEqual(rows.getBytes(2), presented)) {
                        return Optional.of(new Principal(rows.getString(1), AUTHENTICATED_BY));
                    }
                    return Optional.empty();
                }
            }
        });
    }

    private String random(int length)
    {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    private static byte[] sha256(String text)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
