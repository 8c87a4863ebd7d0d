package dev.relay.artifact.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.artifact.signature.KeyIds;
import dev.relay.artifact.signature.VerificationRefused;
import dev.relay.artifact.testing.TarGz;
import dev.relay.artifact.testing.Tool;
import dev.relay.artifact.trust.PublicKeys;
import dev.relay.artifact.trust.TrustStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * signify, openssl {@code pkeyutl -rawin} and the signed statement, with keys and signatures made during the test by
 * the real tools (signify-openbsd, openssl) and the statement signed by {@code sign-statement.sh} (openssl alone).
 */
class FormatsTest {

  static final String HSM = "hsm-2026";

  @TempDir
  static Path keys;

  static Path trust;
  static Path signifySec;
  static String signifyId;
  static Path strangerSignifySec;
  static Path opensslKey;
  static Path strangerOpensslKey;

  @TempDir
  Path work;

  @BeforeAll
  static void keys() throws Exception {
    trust = keys.resolve("trust");
    Files.createDirectories(trust);
    Path[] s = Tool.signifyKey(keys, "signify");
    signifySec = s[1];
    signifyId = KeyIds.format(PublicKeys.parseKeyLine(Files.readString(s[0]), "s").keyNumber());
    strangerSignifySec = Tool.signifyKey(keys.resolve("elsewhere"), "stranger")[1];
    Path[] o = Tool.opensslKey(keys, "hsm");
    opensslKey = o[1];
    strangerOpensslKey = Tool.opensslKey(keys.resolve("elsewhere"), "stranger")[1];
    TrustFiles.writeKeysJson(trust,
        TrustFiles.entry(signifyId, "signify", Files.readString(s[0]), null, null, false),
        TrustFiles.entry(HSM, "openssl", Files.readString(o[0]), null, null, false));
  }

  ArtifactVerifier verifier() {
    return new ArtifactVerifier(new TrustStore(trust), Clock.systemUTC());
  }

  Path artifact(String version) throws IOException {
    return TarGz.release(work.resolve("sandbox-node-" + version + ".tar.gz"), version);
  }

  /** The statement signed by the documented script, with openssl alone. */
  static void signStatement(Path file, String name, String version, String keyId, Path pem) throws IOException {
    Tool.run(file.getParent(), "bash", Path.of("sign-statement.sh").toAbsolutePath().toString(), file.toString(),
        name, version, keyId, pem.toString());
  }

  static SignatureBundle beside(Path file) throws IOException {
    return dev.relay.artifact.store.SignatureFiles.beside(file);
  }

  @Test
  void statementSignedWithOpensslAloneIsAccepted() throws Exception {
    Path file = artifact("1.1.0");
    signStatement(file, "sandbox-node", "1.1.0", HSM, opensslKey);

    VerifiedArtifact v = verifier().verify(file, beside(file), "sandbox-node", "1.1.0");

    assertThat(v.format()).isEqualTo("statement");
    assertThat(v.keyId()).isEqualTo(HSM);
    assertThat(v.name()).isEqualTo("sandbox-node");
    assertThat(v.version()).isEqualTo("1.1.0");
    assertThat(v.size()).isEqualTo(Files.size(file));
    assertThat(v.sha256Hex()).isEqualTo(Tool.run(work, "openssl", "dgst", "-sha256", "-r", file.toString())
        .substring(0, 64));
    assertThat(v.statement()).isEqualTo(Files.readString(Path.of(file + ".statement")));
  }

  @Test
  void opensslRawSignatureOverTheFileWithStatementIsAccepted() throws Exception {
    Path file = artifact("1.1.0");
    Tool.opensslSign(opensslKey, file, Path.of(file + ".ed25519"));
    signStatement(file, "sandbox-node", "1.1.0", HSM, opensslKey);

    VerifiedArtifact v = verifier().verify(file, beside(file), null, null);

    assertThat(v.format()).isEqualTo("openssl");
    assertThat(v.keyId()).isEqualTo(HSM);
    assertThat(v.version()).isEqualTo("1.1.0");
  }

  @Test
  void signifySignatureWithSignifySignedStatementIsAccepted() throws Exception {
    Path file = artifact("1.1.0");
    Tool.signify(signifySec, file, Path.of(file + ".sig"));
    Path statement = Path.of(file + ".statement");
    Files.writeString(statement, "relay-statement-v1\nname=sandbox-node\nversion=1.1.0\nsha256="
        + ArtifactVerifier.sha256Hex(file) + "\nsize=" + Files.size(file) + "\nkey=" + signifyId + "\n");
    Tool.signify(signifySec, statement, Path.of(file + ".statement.sig"));

    VerifiedArtifact v = verifier().verify(file, beside(file), "sandbox-node", "1.1.0");

    assertThat(v.format()).isEqualTo("signify");
    assertThat(v.keyId()).isEqualTo(signifyId);
  }

  @Test
  void signifyOrOpensslSignatureAloneBindsNoVersionAndIsRefused() throws Exception {
    Path file = artifact("1.1.0");
    Tool.signify(signifySec, file, Path.of(file + ".sig"));
    refused(file, beside(file), null, null).contains("signify signature covers only the bytes")
        .contains("signed statement");
    Files.delete(Path.of(file + ".sig"));
    Tool.opensslSign(opensslKey, file, Path.of(file + ".ed25519"));
    refused(file, beside(file), null, null).contains("openssl signature covers only the bytes");
  }

  @Test
  void refusesTamperedFile() throws Exception {
    Path file = artifact("1.1.0");
    Tool.opensslSign(opensslKey, file, Path.of(file + ".ed25519"));
    signStatement(file, "sandbox-node", "1.1.0", HSM, opensslKey);
    SignatureBundle bundle = beside(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);

    refused(file, bundle, null, null).startsWith("tampered file").contains("key " + HSM);
  }

  @Test
  void refusesFileSignatureOfAnotherFile() throws Exception {
    Path file = artifact("1.1.0");
    Path other = TarGz.release(work.resolve("other.tar.gz"), "6.6.6");
    Tool.opensslSign(opensslKey, other, Path.of(file + ".ed25519"));
    signStatement(file, "sandbox-node", "1.1.0", HSM, opensslKey);

    refused(file, beside(file), null, null).startsWith("tampered file or wrong key").contains("openssl signature");

    Files.delete(Path.of(file + ".ed25519"));
    Tool.signify(signifySec, other, Path.of(file + ".sig"));
    signStatement(file, "sandbox-node", "1.1.0", signifyId, opensslKey); // key id names the signify key
    Tool.signify(signifySec, Path.of(file + ".statement"), Path.of(file + ".statement.sig"));
    refused(file, beside(file), null, null).startsWith("tampered file or wrong key").contains("signify signature");
  }

  @Test
  void refusesStatementOfAnotherFile() throws Exception {
    Path file = artifact("1.1.0");
    Path other = TarGz.release(work.resolve("other.tar.gz"), "1.1.0-other");
    signStatement(other, "sandbox-node", "1.1.0", HSM, opensslKey);
    SignatureBundle otherBundle = beside(other);

    refused(file, otherBundle, null, null).startsWith("tampered file").contains("statement belongs to another file");
  }

  @Test
  void refusesWrongKey() throws Exception {
    Path file = artifact("1.1.0");
    signStatement(file, "sandbox-node", "1.1.0", HSM, strangerOpensslKey); // names the trusted id, other key
    refused(file, beside(file), null, null).startsWith("statement signature invalid").contains("key " + HSM);

    Path file2 = artifact("1.2.0");
    Tool.signify(strangerSignifySec, file2, Path.of(file2 + ".sig"));
    Path statement = Path.of(file2 + ".statement");
    Files.writeString(statement, "relay-statement-v1\nname=sandbox-node\nversion=1.2.0\nsha256="
        + ArtifactVerifier.sha256Hex(file2) + "\nsize=" + Files.size(file2) + "\nkey=" + signifyId + "\n");
    Tool.signify(strangerSignifySec, statement, Path.of(file2 + ".statement.sig"));
    refused(file2, beside(file2), null, null).startsWith("wrong key").contains(signifyId);
  }

  @Test
  void refusesUnknownKeyNamingIt() throws Exception {
    Path file = artifact("1.1.0");
    signStatement(file, "sandbox-node", "1.1.0", "hsm-1999", strangerOpensslKey);
    refused(file, beside(file), null, null).startsWith("unknown key id hsm-1999");
  }

  @Test
  void refusesTruncatedOrGarbledSignatures() throws Exception {
    Path file = artifact("1.1.0");
    Tool.opensslSign(opensslKey, file, Path.of(file + ".ed25519"));
    signStatement(file, "sandbox-node", "1.1.0", HSM, opensslKey);
    SignatureBundle good = beside(file);

    SignatureBundle truncated = new SignatureBundle(null, null, Arrays.copyOf(good.ed25519(), 63), good.statement(),
        good.statementSignature());
    refused(file, truncated, null, null).isEqualTo(
        "openssl signature is garbled or truncated: a raw Ed25519 signature has 64 bytes, this has 63");

    byte[] flipped = good.statementSignature().clone();
    flipped[10] ^= 0x20;
    refused(file, new SignatureBundle(null, null, good.ed25519(), good.statement(), flipped), null, null)
        .startsWith("statement signature invalid");

    byte[] garbledStatement = new String(good.statement()).replace("size=", "size =").getBytes();
    refused(file, new SignatureBundle(null, null, good.ed25519(), garbledStatement, good.statementSignature()),
        null, null).startsWith("signed statement is garbled or not canonical");

    Tool.signify(signifySec, file, Path.of(file + ".sig"));
    byte[] sig = Files.readAllBytes(Path.of(file + ".sig"));
    // the signature line is base64 of "Ed" + key number + signature: it always begins "RW" (the third character
    // depends on the random key number)
    byte[] garbledSignify = new String(sig).replaceFirst("\nRW", "\n!!").getBytes();
    assertThat(garbledSignify).isNotEqualTo(sig);
    refused(file, new SignatureBundle(null, garbledSignify, null, good.statement(), good.statementSignature()),
        null, null).contains("signify signature is garbled or truncated").contains("not valid base64");
  }

  @Test
  void refusesGenuineStatementOfOneVersionPresentedAsAnother() throws Exception {
    Path file = artifact("7.1.0");
    signStatement(file, "sandbox-node", "7.1.0", HSM, opensslKey);
    Path renamed = Files.copy(file, work.resolve("sandbox-node-7.2.1.tar.gz"));
    Files.copy(Path.of(file + ".statement"), Path.of(renamed + ".statement"));
    Files.copy(Path.of(file + ".statement.sig"), Path.of(renamed + ".statement.sig"));

    refused(renamed, beside(renamed), "sandbox-node", "7.2.1")
        .isEqualTo("signed statement names version 7.1.0 but 7.2.1 was asked");

    Path edited = Path.of(renamed + ".statement");
    Files.writeString(edited, Files.readString(edited).replace("version=7.1.0", "version=7.2.1"));
    refused(renamed, beside(renamed), "sandbox-node", "7.2.1").startsWith("statement signature invalid");
  }

  @Test
  void refusesTwoFileSignaturesAtOnce() throws Exception {
    Path file = artifact("1.1.0");
    Tool.opensslSign(opensslKey, file, Path.of(file + ".ed25519"));
    Tool.signify(signifySec, file, Path.of(file + ".sig"));
    signStatement(file, "sandbox-node", "1.1.0", HSM, opensslKey);
    refused(file, beside(file), null, null).startsWith("ambiguous signatures");
  }

  private AbstractStringAssert<?> refused(Path file, SignatureBundle bundle, String name, String version) {
    try {
      VerifiedArtifact v = verifier().verify(file, bundle, name, version);
      throw new AssertionError("expected a refusal, got " + v);
    } catch (VerificationRefused e) {
      return assertThat(e.getMessage());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
