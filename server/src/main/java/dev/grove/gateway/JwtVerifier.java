package dev.grove.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Verifies bearer tokens (JWTs) against the RSA keys of a JWKS file, as an OIDC provider publishes
 * them: signature (RS256, RS384, RS512, with the key named by {@code kid}), issuer, audience, expiry and
 * not-before with a clock skew. The subject ({@code sub}) is the user name; the groups claim names the
 * roles the caller holds. Every failure reads the same "invalid bearer token", so a token cannot be
 * probed for which check it fails.
 *
 * <p>Thread-safe.
 */
public final class JwtVerifier
{
    public static final String BEARER = "jwt";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ALGORITHMS = Map.of("RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final Map<String, PublicKey> keys;
    private final String issuer;
    private final Optional<String> audience;
    private final String groupsClaim;
    private final long clockSkewSeconds;

    public JwtVerifier(Map<String, PublicKey> keys, String issuer, Optional<String> audience, String groupsClaim, long clockSkewSeconds)
    {
        this.keys = Map.copyOf(requireNonNull(keys, "keys is null"));
        this.issuer = requireNonNull(issuer, "issuer is null");
        this.audience = requireNonNull(audience, "audience is null");
        this.groupsClaim = requireNonNull(groupsClaim, "groupsClaim is null");
        this.clockSkewSeconds = clockSkewSeconds;
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("The JWKS has no RSA signing keys");
        }
    }

    /** Reads the RSA keys ({@code "kty": "RSA"}) of a JWKS file; a key without {@code kid} is named "". */
    public static Map<String, PublicKey> readJwks(Path file)
    {
        JsonNode jwks;
        try {
            jwks = JSON.readTree(Files.readAllBytes(file));
        }
        catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the JWKS file " + file + ": " + e.getMessage(), e);
        }
        if (jwks == null || !jwks.path("keys").isArray()) {
            throw new IllegalArgumentException("The JWKS file " + file + " has no \"keys\" array");
        }
        Map<String, PublicKey> keys = new HashMap<>();
        for (JsonNode key : jwks.get("keys")) {
            if (!key.path("kty").asText().equals("RSA") || (key.has("use") && !key.get("use").asText().equals("sig"))) {
                continue;
            }
            try {
                BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asText()));
                BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asText()));
                keys.put(key.path("kid").asText(""), KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent)));
            }
            catch (IllegalArgumentException | GeneralSecurityException e) {
                throw new IllegalArgumentException("The JWKS file " + file + " has an RSA key that cannot be read: " + e.getMessage(), e);
            }
        }
        return keys;
    }

    public Principal verify(String token)
    {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw invalid();
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        String algorithm = ALGORITHMS.get(header.path("alg").asText());
        PublicKey key = keys.get(header.path("kid").asText(""));
        if (algorithm == null || key == null || !signatureMatches(algorithm, key, parts)) {
            throw invalid();
        }
        long now = Instant.now().getEpochSecond();
        if (!claims.path("iss").asText().equals(issuer)
                || !claims.path("exp").canConvertToLong() || claims.get("exp").asLong() + clockSkewSeconds < now
                || (claims.has("nbf") && claims.get("nbf").asLong() - clockSkewSeconds > now)
                || audience.isPresent() && !audiences(claims).contains(audience.get())
                || claims.path("sub").asText().isEmpty()) {
            throw invalid();
        }
        List<String> groups = new ArrayList<>();
        claims.path(groupsClaim).forEach(group -> groups.add(group.asText()));
        Map<String, String> strings = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = claims.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                strings.put(field.getKey(), field.getValue().asText());
            }
        }
        return new Principal(claims.get("sub").asText(), BEARER, groups, strings);
    }

    private static boolean signatureMatches(String algorithm, PublicKey key, String[] parts)
    {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
        }
        catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    private static List<String> audiences(JsonNode claims)
    {
        JsonNode aud = claims.path("aud");
        List<String> audiences = new ArrayList<>();
        if (aud.isArray()) {
            aud.forEach(value -> audiences.add(value.asText()));
        }
        else if (aud.isTextual()) {
            audiences.add(aud.asText());
        }
        return audiences;
    }

    private static JsonNode decode(String part)
    {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw invalid();
            }
            return node;
        }
        catch (IllegalArgumentException | JsonProcessingException e) {
            throw invalid();
        }
        catch (IOException e) {
            throw invalid();
        }
    }

    private static GroveException invalid()
    {
        return new GroveException(GroveErrorCode.UNAUTHENTICATED, "Invalid bearer token: it is malformed, expired, not yet valid, for another "
                + "issuer or audience, or not signed by a trusted key");
    }
}
