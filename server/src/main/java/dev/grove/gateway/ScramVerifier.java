package dev.grove.gateway;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * What the server keeps to check a SCRAM-SHA-256 login (RFC 5802, RFC 7677), as PostgreSQL keeps it:
 * a salt, an iteration count, {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))} and
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}. Neither lets anyone log in or recover the password.
 */
public record ScramVerifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey)
{
    /** PostgreSQL's default ({@code scram_iterations}). */
    public static final int ITERATIONS = 4096;

    public ScramVerifier
    {
        salt = requireNonNull(salt, "salt is null").clone();
        storedKey = requireNonNull(storedKey, "storedKey is null").clone();
        serverKey = requireNonNull(serverKey, "serverKey is null").clone();
        if (iterations <= 0) {
            throw new IllegalArgumentException("iterations must be positive");
        }
    }

    public static ScramVerifier of(String password, SecureRandom random)
    {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return of(password, salt, ITERATIONS);
    }

    public static ScramVerifier of(String password, byte[] salt, int iterations)
    {
        byte[] salted = saltedPassword(password, salt, iterations);
        return new ScramVerifier(salt, iterations, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"));
    }

    @Override
    public byte[] salt()
    {
        return salt.clone();
    }

    @Override
    public byte[] storedKey()
    {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey()
    {
        return serverKey.clone();
    }

    static byte[] saltedPassword(String password, byte[] salt, int iterations)
    {
        // RFC 7677 asks for SASLprep; PostgreSQL falls back to the raw bytes when that fails, and so does this
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
        finally {
            spec.clearPassword();
        }
    }

    static byte[] hmac(byte[] key, String message)
    {
        return hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] key, byte[] message)
    {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static byte[] sha256(byte[] bytes)
    {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public boolean equals(Object other)
    {
        return other instanceof ScramVerifier that && iterations == that.iterations && Arrays.equals(salt, that.salt)
                && Arrays.equals(storedKey, that.storedKey) && Arrays.equals(serverKey, that.serverKey);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(storedKey);
    }
}
