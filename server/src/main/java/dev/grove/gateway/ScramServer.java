package dev.grove.gateway;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802 / RFC 7677, without channel binding), as
 * PostgreSQL's SASL authentication runs it: {@link #firstMessage} answers the client-first message,
 * {@link #finalMessage} checks the client's proof and answers with the server's signature. An unknown
 * user gets a made-up salt derived from its name, so the exchange looks the same, and then fails like a
 * wrong password.
 *
 * <p>Not thread-safe: one per login.
 */
public final class ScramServer
{
    /** The client cannot do channel binding; or it can, but believes the server cannot (true: no -PLUS mechanism is offered). */
    private static final String NO_BINDING = "n,,";
    private static final String BINDING_NOT_OFFERED = "y,,";
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private final String user;
    private final Optional<ScramVerifier> verifier;
    private final byte[] decoySecret;
    private final SecureRandom random;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /**
     * @param verifier the user's verifier; empty for an unknown user or one without one
     * @param decoySecret a per-node secret that makes an unknown user's salt stable and unguessable
     */
    public ScramServer(String user, Optional<ScramVerifier> verifier, byte[] decoySecret, SecureRandom random)
    {
        this.user = requireNonNull(user, "user is null");
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.decoySecret = requireNonNull(decoySecret, "decoySecret is null").clone();
        this.random = requireNonNull(random, "random is null");
    }

    public String user()
    {
        return user;
    }

    /** Answers {@code n,,n=...,r=clientNonce} (or {@code y,,...}) with {@code r=clientNonce+serverNonce,s=salt,i=iterations}. */
    public String firstMessage(String clientFirst)
    {
        if (clientFirst.startsWith(NO_BINDING) || clientFirst.startsWith(BINDING_NOT_OFFERED)) {
            gs2Header = clientFirst.substring(0, 3);
        }
        else {
            // 'p=...' asks for channel binding (SCRAM-SHA-256-PLUS), which this server does not offer
            throw failed("SCRAM channel binding is not supported; use SCRAM-SHA-256 without it");
        }
        clientFirstBare = clientFirst.substring(gs2Header.length());
        String clientNonce = attribute(clientFirstBare, 'r');
        byte[] serverNonce = new byte[18];
        random.nextBytes(serverNonce);
        nonce = clientNonce + BASE64.encodeToString(serverNonce);
        byte[] salt = verifier.map(ScramVerifier::salt).orElseGet(() -> Arrays.copyOf(ScramVerifier.hmac(decoySecret, user), 16));
        int iterations = verifier.map(ScramVerifier::iterations).orElse(ScramVerifier.ITERATIONS);
        serverFirst = "r=" + nonce + ",s=" + BASE64.encodeToString(salt) + ",i=" + iterations;
        return serverFirst;
    }

    /** Checks {@code c=biws,r=nonce,p=proof}; returns {@code v=signature}, or throws UNAUTHENTICATED. */
    public String finalMessage(String clientFinal)
    {
        if (serverFirst == null) {
            throw failed("SCRAM messages out of order");
        }
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw failed("Malformed SCRAM client-final message");
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        if (!attribute(withoutProof, 'r').equals(nonce) || !attribute(withoutProof, 'c').equals(BASE64.encodeToString(gs2Header.getBytes(StandardCharsets.US_ASCII)))) {
            throw failed("Invalid user name or password");
        }
        byte[] proof;
        try {
            proof = BASE64_DECODER.decode(clientFinal.substring(proofAt + 3));
        }
        catch (IllegalArgumentException e) {
            throw failed("Malformed SCRAM client proof");
        }
        if (verifier.isEmpty()) {
            throw failed("Invalid user name or password");
        }
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = ScramVerifier.hmac(verifier.get().storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            throw failed("Invalid user name or password");
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(ScramVerifier.sha256(clientKey), verifier.get().storedKey())) {
            throw failed("Invalid user name or password");
        }
        return "v=" + BASE64.encodeToString(ScramVerifier.hmac(verifier.get().serverKey(), authMessage));
    }

    private static String attribute(String message, char name)
    {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw failed("Malformed SCRAM message: no '" + name + "' attribute");
    }

    private static GroveException failed(String message)
    {
        return new GroveException(GroveErrorCode.UNAUTHENTICATED, message);
    }
}
