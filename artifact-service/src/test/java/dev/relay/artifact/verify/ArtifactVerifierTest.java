package dev.relay.artifact.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.artifact.signature.KeyIds;
import dev.relay.artifact.trust.PublicKeys;
import dev.relay.artifact.trust.TrustStore;
import dev.relay.artifact.signature.VerificationRefused;
import dev.relay.artifact.testing.Minisign;
import dev.relay.artifact.testing.TarGz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier against files and signatures made by the real minisign tool. */
class ArtifactVerifierTest {

  static final String COMMENT = "relay-artifact name=sandbox-node version=1.1.0";

  @TempDir
  static Path keys;

  static Minisign.KeyPair trusted;
  static Minisign.KeyPair otherTrusted;
  static Minisign.KeyPair untrusted;
  static Path trustDir;

  @TempDir
  Path work;

  @BeforeAll
  static void keys() throws Exception {
    trustDir = keys.resolve("trust");
    trusted = Minisign.generate(trustDir, "release");
    otherTrusted = Minisign.generate(trustDir, "other");
    untrusted = Minisign.generate(keys.resolve("elsewhere"), "stranger");
    // secret keys must not sit in the trust store; they are not *.pub so they are ignored anyway
  }

  ArtifactVerifier verifier() {
    return new ArtifactVerifier(new TrustStore(trustDir), java.time.Clock.systemUTC());
  }

  Path artifact(String version) throws Exception {
    return TarGz.release(work.resolve("sandbox-node-" + version + ".tar.gz"), version);
  }

  @Test
  void acceptsPrehashedSignatureOfMinisignDefault() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(trusted, file, COMMENT, false);
    assertThat(algorithmOf(sig)).isEqualTo("ED");

    VerifiedArtifact v = verifier().verify(file, bundle(sig), "sandbox-node", "1.1.0");

    assertThat(v.name()).isEqualTo("sandbox-node");
    assertThat(v.version()).isEqualTo("1.1.0");
    assertThat(v.keyId()).isEqualTo(trusted.keyIdFromComment());
    assertThat(v.size()).isEqualTo(Files.size(file));
    assertThat(v.sha256Hex()).isEqualTo(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
    assertThat(v.trustedComment()).isEqualTo(COMMENT);
  }

  @Test
  void acceptsLegacySignature() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(trusted, file, COMMENT, true);
    assertThat(algorithmOf(sig)).isEqualTo("Ed");

    VerifiedArtifact v = verifier().verify(file, bundle(sig), null, null);

    assertThat(v.name()).isEqualTo("sandbox-node");
    assertThat(v.version()).isEqualTo("1.1.0");
    assertThat(v.keyId()).isEqualTo(trusted.keyIdFromComment());
  }

  @Test
  void keyIdIsShownAsMinisignPrintsIt() throws Exception {
    for (Minisign.KeyPair k : List.of(trusted, otherTrusted, untrusted)) {
      PublicKeys.KeyLine parsed = PublicKeys.parseKeyLine(Files.readString(k.pub()), k.pub().toString());
      assertThat(KeyIds.format(parsed.keyNumber())).isEqualTo(k.keyIdFromComment()).matches("[0-9A-F]{1,16}");
    }
  }

  @Test
  void refusesFileWithOneByteChanged() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(trusted, file, COMMENT, false);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    assertThat(Minisign.toolVerifies(trusted, file, sig)).isFalse();

    assertRefused(file, sig, "sandbox-node", "1.1.0").startsWith("tampered file");
  }

  @Test
  void refusesLegacySignatureOfTamperedFile() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(trusted, file, COMMENT, true);
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] ^= 0x40;
    Files.write(file, bytes);

    assertRefused(file, sig, null, null).startsWith("tampered file");
  }

  @Test
  void refusesSignatureMadeByAnotherTrustedKeyClaimingThisKeysId() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(otherTrusted, file, COMMENT, false);
    List<String> lines = Files.readAllLines(sig);
    byte[] sigLine = Base64.getDecoder().decode(lines.get(1));
    byte[] trustedId = Base64.getDecoder().decode(Files.readAllLines(trusted.pub()).get(1));
    System.arraycopy(trustedId, 2, sigLine, 2, 8);
    write(sig, lines.get(0), Base64.getEncoder().encodeToString(sigLine), lines.get(2), lines.get(3));

    assertRefused(file, sig, "sandbox-node", "1.1.0")
        .startsWith("wrong key")
        .contains(trusted.keyIdFromComment());
  }

  @Test
  void refusesKeyNotInTrustStoreNamingItsId() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(untrusted, file, COMMENT, false);
    assertThat(Minisign.toolVerifies(untrusted, file, sig)).isTrue();

    assertRefused(file, sig, "sandbox-node", "1.1.0")
        .startsWith("unknown key id " + untrusted.keyIdFromComment());
  }

  @Test
  void refusesTruncatedSignatureFile() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(trusted, file, COMMENT, false);
    List<String> lines = Files.readAllLines(sig);
    write(sig, lines.get(0), lines.get(1));
    assertRefused(file, sig, null, null).contains("garbled or truncated").contains("expected 4 lines, found 2");

    write(sig, lines.get(0), lines.get(1).substring(0, 40), lines.get(2), lines.get(3));
    assertRefused(file, sig, null, null).contains("garbled or truncated").contains("line 2");
  }

  @Test
  void refusesGarbledBase64() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(trusted, file, COMMENT, false);
    List<String> lines = Files.readAllLines(sig);
    String garbled = "!!" + lines.get(1).substring(2);
    write(sig, lines.get(0), garbled, lines.get(2), lines.get(3));

    assertRefused(file, sig, null, null).contains("garbled").contains("line 2 (signature) is not valid base64");
  }

  @Test
  void refusesSignatureOfAnotherFile() throws Exception {
    Path signed = artifact("1.1.0");
    Path sig = Minisign.sign(trusted, signed, COMMENT, false);
    Path other = TarGz.release(work.resolve("other.tar.gz"), "1.1.0-evil");

    assertRefused(other, sig, "sandbox-node", "1.1.0").startsWith("tampered file").contains("another file");
  }

  @Test
  void refusesEditedTrustedCommentThroughTheGlobalSignature() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(trusted, file, COMMENT, false);
    List<String> lines = Files.readAllLines(sig);
    write(sig, lines.get(0), lines.get(1), lines.get(2).replace("version=1.1.0", "version=1.2.0"), lines.get(3));
    assertThat(Minisign.toolVerifies(trusted, file, sig)).isFalse();

    assertRefused(file, sig, "sandbox-node", "1.2.0").startsWith("global signature invalid");
  }

  @Test
  void refusesGenuineSignatureOfOneVersionPresentedAsAnother() throws Exception {
    Path file = artifact("7.1.0");
    Path sig = Minisign.sign(trusted, file, "relay-artifact name=sandbox-node version=7.1.0", false);
    Path renamed = Files.copy(file, work.resolve("sandbox-node-7.2.1.tar.gz"));
    Path renamedSig = Files.copy(sig, work.resolve("sandbox-node-7.2.1.tar.gz.minisig"));

    assertRefused(renamed, renamedSig, "sandbox-node", "7.2.1")
        .isEqualTo("trusted comment names version 7.1.0 but 7.2.1 was asked");
  }

  @Test
  void refusesAnotherArtifactName() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(trusted, file, COMMENT, false);

    assertRefused(file, sig, "payments", "1.1.0")
        .isEqualTo("trusted comment names artifact sandbox-node but payments was asked");
  }

  @Test
  void refusesTrustedCommentThatBindsNothing() throws Exception {
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(trusted, file, "release 1.1.0", false);

    assertRefused(file, sig, null, null).contains("no name=");
  }

  @Test
  void refusesKeyRemovedFromTrustStore() throws Exception {
    Path dir = work.resolve("trust-now");
    Minisign.KeyPair k = Minisign.generate(dir, "temporary");
    Path file = artifact("1.1.0");
    Path sig = Minisign.sign(k, file, COMMENT, false);
    ArtifactVerifier v = new ArtifactVerifier(new TrustStore(dir), java.time.Clock.systemUTC());
    assertThat(v.verify(file, bundle(sig), null, null).keyId()).isEqualTo(k.keyIdFromComment());

    Files.delete(k.pub());

    assertThatThrownBy(() -> v.verify(file, bundle(sig), null, null))
        .isInstanceOf(VerificationRefused.class)
        .hasMessageStartingWith("unknown key id " + k.keyIdFromComment());
  }

  private org.assertj.core.api.AbstractStringAssert<?> assertRefused(Path file, Path sig, String name, String version) {
    try {
      VerifiedArtifact v = verifier().verify(file, bundle(sig), name, version);
      throw new AssertionError("expected a refusal, got " + v);
    } catch (VerificationRefused e) {
      return assertThat(e.getMessage());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static SignatureBundle bundle(Path minisig) throws java.io.IOException {
    return SignatureBundle.minisign(Files.readAllBytes(minisig));
  }

  private static String algorithmOf(Path sig) throws Exception {
    byte[] raw = Base64.getDecoder().decode(Files.readAllLines(sig).get(1));
    return new String(raw, 0, 2, StandardCharsets.US_ASCII);
  }

  private static void write(Path file, String... lines) throws Exception {
    Files.writeString(file, String.join("\n", lines) + "\n");
  }
}
