package dev.grove.gateway;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Salted, iterated password hashes: PBKDF2 with HMAC-SHA512, a 16-byte random salt per password and
 * 210,000 iterations (OWASP's figure for this function). The iteration count is stored with each
 * hash, so raising it later leaves existing passwords valid.
 */
public final class PasswordHasher
{
    public static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 512;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";

    private final SecureRandom random = new SecureRandom();

    public StoredPassword hash(String password)
    {
        requireNonNull(password, "password is null");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new StoredPassword(salt, ITERATIONS, derive(password, salt, ITERATIONS));
    }

    /** The SCRAM-SHA-256 verifier of the same password, for logins that never send it (PostgreSQL wire). */
    public ScramVerifier scram(String password)
    {
        return ScramVerifier.of(requireNonNull(password, "password is null"), random);
    }

    /** Compares in constant time, so the time taken says nothing about how much of the hash matched. */
    public boolean matches(String password, StoredPassword stored)
    {
        return MessageDigest.isEqual(derive(password, stored.salt(), stored.iterations()), stored.hash());
    }

    private static byte[] derive(String password, byte[] salt, int iterations)
    {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
        finally {
            spec.clearPassword();
        }
    }

    /** A password as stored: never the password itself. */
    public record StoredPassword(byte[] salt, int iterations, byte[] hash)
    {
        public StoredPassword
        {
            salt = Arrays.copyOf(requireNonNull(salt, "salt is null"), salt.length);
            hash = Arrays.copyOf(requireNonNull(hash, "hash is null"), hash.length);
            if (iterations <= 0) {
                throw new IllegalArgumentException("iterations must be positive, was " + iterations);
            }
        }

        @Override
        public byte[] salt()
        {
            return salt.clone();
        }

        @Override
        public byte[] hash()
        {
            return hash.clone();
        }
    }
}
