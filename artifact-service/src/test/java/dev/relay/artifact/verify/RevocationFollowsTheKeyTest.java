package dev.relay.artifact.verify;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.artifact.signature.Statement;
import dev.relay.artifact.signature.VerificationRefused;
import dev.relay.artifact.trust.TrustStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revocation in keys.json follows the public key: a stray file of the same key under another id cannot undo it. */
class RevocationFollowsTheKeyTest {

  @TempDir Path dir;

  @Test
  void aRevokedOpensslKeyIsNotTrustedAgainThroughAStrayPemOfTheSameKey() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path trust = dir.resolve("trust");
    // the operator revoked hsm-2026 (compromised) in keys.json; hsm.pem is the same key left from before keys.json
    TrustFiles.writeKeysJson(trust, TrustFiles.entry("hsm-2026", "openssl", pem(kp), null, null, true));
    Files.writeString(trust.resolve("hsm.pem"), pem(kp));
    assertThatThrownBy(() -> verifyStatementNamingHsm(kp, trust, "whatever the holder of the compromised key wants"))
        .as("accepted a statement signed by the revoked key hsm-2026")
        .isInstanceOf(VerificationRefused.class)
        .hasMessageContaining("revoked key hsm").hasMessageContaining("the same public key as revoked key hsm-2026");
  }

  @Test
  void anExpiredKeyIsNotValidAgainThroughAStrayPemOfTheSameKey() throws Exception {
    KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path trust = dir.resolve("trust-expired");
    // retired at the end of 2025 in keys.json; hsm.pem is the same key, left without dates
    TrustFiles.writeKeysJson(trust, TrustFiles.entry("hsm-2025", "openssl", pem(kp), null, "2025-12-31T00:00:00Z",
        false));
    Files.writeString(trust.resolve("hsm.pem"), pem(kp));
    assertThatThrownBy(() -> verifyStatementNamingHsm(kp, trust, "signed after the key was retired"))
        .isInstanceOf(VerificationRefused.class)
        .hasMessageContaining("expired key hsm").hasMessageContaining("2025-12-31");
  }

  private static String pem(KeyPair kp) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(kp.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** Verifies a file by a signed statement that names key id "hsm" (the stray file's id), signed with this key. */
  private void verifyStatementNamingHsm(KeyPair kp, Path trust, String content) throws Exception {
    Path file = dir.resolve("artifact-1.1.0.tar.gz");
    Files.write(file, content.getBytes());
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    byte[] statement = new Statement("sandbox-node", "1.1.0", sha, Files.size(file), "hsm").bytes();
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(kp.getPrivate());
    s.update(statement);
    byte[] sig = s.sign();
    new ArtifactVerifier(new TrustStore(trust), Clock.systemUTC())
        .verify(file, new SignatureBundle(null, null, null, statement, sig), "sandbox-node", "1.1.0");
  }
}
