package dev.relay.artifact.verify;

import dev.relay.artifact.signature.Ed25519Messages;
import dev.relay.artifact.signature.Ed25519StreamVerifier;
import dev.relay.artifact.signature.MinisignSignature;
import dev.relay.artifact.signature.MinisignVerifier;
import dev.relay.artifact.signature.RawSignature;
import dev.relay.artifact.signature.SignifySignature;
import dev.relay.artifact.signature.Statement;
import dev.relay.artifact.signature.TrustedComment;
import dev.relay.artifact.signature.VerificationRefused;
import dev.relay.artifact.stream.ByteSink;
import dev.relay.artifact.stream.DigestSink;
import dev.relay.artifact.stream.FilePass;
import dev.relay.artifact.trust.TrustStore;
import dev.relay.artifact.trust.TrustedKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides whether a file is authentic for a name and version. Accepted, and nothing else:
 *
 * <ul>
 *   <li><b>minisign</b> alone: the signature and the global signature hold, and the signed trusted comment binds
 *       name and version;</li>
 *   <li><b>statement</b>: a signed statement (name, version, SHA-256, size, key) whose signature holds, with the
 *       file's SHA-256 and size equal to the stated ones;</li>
 *   <li><b>signify</b> or <b>openssl</b> (raw Ed25519 over the file): the file signature holds <i>and</i> a signed
 *       statement by the same key comes with it, because these signatures cover only the bytes: the untrusted
 *       comment of signify, and any file name, bind nothing.</li>
 * </ul>
 *
 * The key must be in the trust store and usable now (not expired, not yet valid, or revoked). Reads the file once,
 * SHA-256 and the signature's own hash side by side ({@link FilePass}). Every refusal says why and names the key.
 */
public final class ArtifactVerifier {

  /** Larger signature files are refused unread: a real one is a few hundred bytes. */
  public static final long MAX_SIGNATURE_BYTES = 64 * 1024;

  private final TrustStore trust;
  private final Clock clock;

  public ArtifactVerifier(TrustStore trust, Clock clock) {
    this.trust = trust;
    this.clock = clock;
  }

  public TrustStore trustStore() {
    return trust;
  }

  public VerifiedArtifact verify(Path file, SignatureBundle bundle, String askedName, String askedVersion)
      throws VerificationRefused, IOException {
    checkBundle(bundle);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return verify(ch, bundle, askedName, askedVersion);
    }
  }

  /**
   * @param askedName the name the caller expects, or null to take the one the signature binds
   * @param askedVersion likewise for the version
   */
  public VerifiedArtifact verify(ReadableByteChannel bytes, SignatureBundle bundle, String askedName,
      String askedVersion) throws VerificationRefused, IOException {
    checkBundle(bundle);
    if (bundle.minisign() != null) {
      return minisign(bytes, bundle, askedName, askedVersion);
    }
    return withStatement(bytes, bundle, askedName, askedVersion);
  }

  private VerifiedArtifact minisign(ReadableByteChannel bytes, SignatureBundle bundle, String askedName,
      String askedVersion) throws VerificationRefused, IOException {
    MinisignSignature sig = MinisignSignature.parse(new String(bundle.minisign(), StandardCharsets.UTF_8));
    TrustedKey key = trust.byKeyNumber(sig.keyId());
    key.requireUsableAt(clock.instant());
    MinisignVerifier check = new MinisignVerifier(sig, key.publicKey());
    DigestSink sha256 = DigestSink.sha256();
    long size = FilePass.run(bytes, List.of(sha256, check.sink()));
    boolean fileOk = check.fileSignatureValid();
    boolean globalOk = check.globalSignatureValid();
    if (!fileOk && !globalOk) {
      throw new VerificationRefused("wrong key: neither the file signature nor the global signature verifies with "
          + "trusted key " + key.id() + ", so the signature was not made by that key");
    }
    if (!fileOk) {
      throw new VerificationRefused("tampered file: its bytes do not match the signature of key " + key.id()
          + " (altered, or the signature belongs to another file)");
    }
    if (!globalOk) {
      throw new VerificationRefused("global signature invalid: the trusted comment '" + sig.trustedComment()
          + "' was not signed by key " + key.id() + " (edited after signing)");
    }
    TrustedComment binding = TrustedComment.parse(sig.trustedComment());
    binding.requireMatches(askedName, askedVersion);
    return new VerifiedArtifact(binding.name(), binding.version(), sha256.hex(), size, key.id(), "minisign",
        sig.trustedComment(), null);
  }

  private VerifiedArtifact withStatement(ReadableByteChannel bytes, SignatureBundle bundle, String askedName,
      String askedVersion) throws VerificationRefused, IOException {
    String format = bundle.signify() != null ? "signify" : bundle.ed25519() != null ? "openssl" : "statement";
    if (bundle.statement() == null || bundle.statementSignature() == null) {
      if (!format.equals("statement")) {
        throw new VerificationRefused("a " + format + " signature covers only the bytes and binds no name or version:"
            + " a signed statement by the same key (X.statement and X.statement.sig) must come with it");
      }
      throw new VerificationRefused("signature missing: a signed statement needs both the statement and its"
          + " signature (X.statement and X.statement.sig)");
    }
    Statement statement = Statement.parse(bundle.statement());
    TrustedKey key = trust.byId(statement.keyId());
    byte[] statementSig = statementSignature(bundle.statementSignature(), key);
    key.requireUsableAt(clock.instant());
    if (!Ed25519Messages.verify(key.publicKey(), bundle.statement(), statementSig)) {
      throw new VerificationRefused("statement signature invalid: the statement was not signed by key " + key.id()
          + " (edited after signing, or signed by another key)");
    }
    Ed25519StreamVerifier fileCheck = null;
    if (bundle.signify() != null) {
      SignifySignature s = SignifySignature.parse(bundle.signify(), "signify signature");
      if (!Arrays.equals(s.keyNumber(), key.keyNumber())) {
        throw new VerificationRefused("wrong key: the signify signature names key " + s.keyIdHex()
            + " but the statement is signed by key " + key.id() + "; both must be made by the same key");
      }
      fileCheck = new Ed25519StreamVerifier(key.publicKey(), s.signature());
    } else if (bundle.ed25519() != null) {
      fileCheck = new Ed25519StreamVerifier(key.publicKey(), RawSignature.parse(bundle.ed25519(),
          "openssl signature"));
    }
    DigestSink sha256 = DigestSink.sha256();
    List<ByteSink> sinks = new ArrayList<>(List.of(sha256));
    if (fileCheck != null) {
      sinks.add(fileCheck);
    }
    long size = FilePass.run(bytes, sinks);
    String hex = sha256.hex();
    if (!hex.equals(statement.sha256Hex()) || size != statement.size()) {
      throw new VerificationRefused("tampered file: its SHA-256 " + hex + " (" + size + " bytes) is not the signed "
          + "statement's " + statement.sha256Hex() + " (" + statement.size() + " bytes) of key " + key.id()
          + " (altered, or the statement belongs to another file)");
    }
    if (fileCheck != null && !fileCheck.valid()) {
      throw new VerificationRefused("tampered file or wrong key: the " + format + " signature over the file does not"
          + " verify with key " + key.id() + " (the file was altered, or the signature belongs to another file or"
          + " key)");
    }
    statement.requireMatches(askedName, askedVersion);
    return new VerifiedArtifact(statement.name(), statement.version(), hex, size, key.id(), format, null,
        statement.text());
  }

  /** The 64 signature bytes of the statement: raw, or a signify signature that must name the statement's key. */
  private static byte[] statementSignature(byte[] bytes, TrustedKey key) throws VerificationRefused {
    if (startsWith(bytes, "untrusted comment:")) {
      SignifySignature s = SignifySignature.parse(bytes, "statement signature");
      if (!Arrays.equals(s.keyNumber(), key.keyNumber())) {
        throw new VerificationRefused("wrong key: the statement names key " + key.id()
            + " but its signify signature was made by key " + s.keyIdHex());
      }
      return s.signature();
    }
    return RawSignature.parse(bytes, "statement signature");
  }

  private static void checkBundle(SignatureBundle bundle) throws VerificationRefused {
    if (bundle == null || bundle.isEmpty()) {
      throw new VerificationRefused("signature missing: no minisign signature and no signed statement came with"
          + " the artifact");
    }
    for (SignatureBundle.Role r : bundle.roles()) {
      if (bundle.get(r).length > MAX_SIGNATURE_BYTES) {
        throw new VerificationRefused(r.suffix + " file is garbled: " + bundle.get(r).length
            + " bytes, a signature is far smaller");
      }
    }
    int fileSignatures = (bundle.minisign() != null ? 1 : 0) + (bundle.signify() != null ? 1 : 0)
        + (bundle.ed25519() != null ? 1 : 0);
    if (fileSignatures > 1) {
      throw new VerificationRefused("ambiguous signatures: " + bundle.roles() + " came with the artifact; supply"
          + " one of .minisig, .sig, .ed25519");
    }
    if (bundle.minisign() != null && (bundle.statement() != null || bundle.statementSignature() != null)) {
      throw new VerificationRefused("ambiguous signatures: a minisign signature and a signed statement came with"
          + " the artifact; supply one");
    }
  }

  /** SHA-256 of a file, lowercase hex, streamed. */
  public static String sha256Hex(Path file) throws IOException {
    DigestSink sha256 = DigestSink.sha256();
    FilePass.run(file, List.of(sha256));
    return sha256.hex();
  }

  private static boolean startsWith(byte[] bytes, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    return bytes.length >= p.length && Arrays.equals(bytes, 0, p.length, p, 0, p.length);
  }

}
