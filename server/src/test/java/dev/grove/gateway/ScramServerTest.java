package dev.grove.gateway;

import dev.grove.error.GroveException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SCRAM-SHA-256 as a PostgreSQL client runs it (RFC 5802 / 7677), with the client side written out here.
 */
class ScramServerTest
{
    private final SecureRandom random = new SecureRandom();
    private final byte[] decoy = "node secret".getBytes(StandardCharsets.UTF_8);

    @Test
    void theVerifierMatchesRfc7677()
    {
        // RFC 7677 section 3: user "user", password "pencil", this salt, 4096 iterations
        ScramVerifier verifier = ScramVerifier.of("pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        String clientFirstBare = "n=user,r=rOprNGfwEbeRWgbNEkqO";
        String serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        String withoutProof = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        assertThat(Base64.getEncoder().encodeToString(ScramVerifier.hmac(verifier.serverKey(), authMessage)))
                .isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void theRightPasswordLogsInAndTheServerProvesItKnowsTheVerifier()
    {
        ScramVerifier verifier = ScramVerifier.of("s3cret-password", random);
        ScramServer server = new ScramServer("alice", Optional.of(verifier), decoy, random);
        Client client = new Client("s3cret-password");
        String serverFinal = server.finalMessage(client.finalMessage(server.firstMessage(client.firstMessage())));
        assertThat(serverFinal).isEqualTo(client.expectedServerFinal());
    }

    @Test
    void aClientThatCouldBindTheChannelButSeesNoPlusMechanismLogsIn()
    {
        // libpq over TLS sends 'y,,' when the server offers only SCRAM-SHA-256 (RFC 5802 section 6)
        ScramVerifier verifier = ScramVerifier.of("s3cret-password", random);
        ScramServer server = new ScramServer("alice", Optional.of(verifier), decoy, random);
        Client client = new Client("s3cret-password", "y,,");
        String serverFinal = server.finalMessage(client.finalMessage(server.firstMessage(client.firstMessage())));
        assertThat(serverFinal).isEqualTo(client.expectedServerFinal());
        // the header must be the one the client began with
        ScramServer strict = new ScramServer("alice", Optional.of(verifier), decoy, random);
        Client liar = new Client("s3cret-password", "y,,");
        String first = strict.firstMessage(liar.firstMessage());
        assertThatThrownBy(() -> strict.finalMessage(liar.finalMessage(first).replace("c=eSws", "c=biws"))).hasMessage("Invalid user name or password");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserFailAlike()
    {
        ScramServer known = new ScramServer("alice", Optional.of(ScramVerifier.of("s3cret-password", random)), decoy, random);
        Client wrong = new Client("not-the-password");
        String knownFirst = known.firstMessage(wrong.firstMessage());
        assertThatThrownBy(() -> known.finalMessage(wrong.finalMessage(knownFirst))).isInstanceOf(GroveException.class).hasMessage("Invalid user name or password");

        ScramServer unknown = new ScramServer("mallory", Optional.empty(), decoy, random);
        Client guess = new Client("anything");
        String unknownFirst = unknown.firstMessage(guess.firstMessage());
        // an unknown user still gets a salt and 4096 iterations, the same one each time
        assertThat(unknownFirst).contains(",s=").endsWith(",i=4096");
        assertThat(new ScramServer("mallory", Optional.empty(), decoy, random).firstMessage(guess.firstMessage()).replaceAll("r=[^,]*,", ""))
                .isEqualTo(unknownFirst.replaceAll("r=[^,]*,", ""));
        assertThatThrownBy(() -> unknown.finalMessage(guess.finalMessage(unknownFirst))).isInstanceOf(GroveException.class).hasMessage("Invalid user name or password");
    }

    @Test
    void malformedAndOutOfOrderMessagesAreRefused()
    {
        ScramServer server = new ScramServer("alice", Optional.of(ScramVerifier.of("s3cret-password", random)), decoy, random);
        assertThatThrownBy(() -> server.finalMessage("c=biws,r=x,p=AAAA")).hasMessageContaining("out of order");
        assertThatThrownBy(() -> server.firstMessage("p=tls-server-end-point,,n=,r=abc")).hasMessageContaining("channel binding");
        assertThatThrownBy(() -> server.firstMessage("n,,n=alice")).hasMessageContaining("'r'");
        Client client = new Client("s3cret-password");
        server.firstMessage(client.firstMessage());
        assertThatThrownBy(() -> server.finalMessage("c=biws,r=someone-elses-nonce,p=AAAA")).hasMessage("Invalid user name or password");
        assertThatThrownBy(() -> server.finalMessage("c=biws,r=x")).hasMessageContaining("Malformed");
    }

    /** The client side, as libpq computes it. */
    private static final class Client
    {
        private final String password;
        private final String header;
        private final String clientFirstBare = "n=,r=" + Base64.getEncoder().encodeToString("client nonce 123".getBytes(StandardCharsets.UTF_8));
        private String authMessage;
        private byte[] saltedPassword;

        Client(String password)
        {
            this(password, "n,,");
        }

        Client(String password, String header)
        {
            this.password = password;
            this.header = header;
        }

        String firstMessage()
        {
            return header + clientFirstBare;
        }

        String finalMessage(String serverFirst)
        {
            String nonce = null;
            byte[] salt = null;
            int iterations = 0;
            for (String part : serverFirst.split(",")) {
                switch (part.charAt(0)) {
                    case 'r' -> nonce = part.substring(2);
                    case 's' -> salt = Base64.getDecoder().decode(part.substring(2));
                    case 'i' -> iterations = Integer.parseInt(part.substring(2));
                    default -> { }
                }
            }
            String withoutProof = "c=" + Base64.getEncoder().encodeToString(header.getBytes(StandardCharsets.US_ASCII)) + ",r=" + nonce;
            authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            saltedPassword = ScramVerifier.saltedPassword(password, salt, iterations);
            byte[] clientKey = ScramVerifier.hmac(saltedPassword, "Client Key");
            byte[] signature = ScramVerifier.hmac(ScramVerifier.sha256(clientKey), authMessage.getBytes(StandardCharsets.UTF_8));
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        }

        String expectedServerFinal()
        {
            return "v=" + Base64.getEncoder().encodeToString(ScramVerifier.hmac(ScramVerifier.hmac(saltedPassword, "Server Key"),
                    authMessage.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
