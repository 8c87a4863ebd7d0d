package dev.relay.artifact.trust;

import dev.relay.artifact.signature.VerificationRefused;
import java.io.IOException;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads public keys as the tools write them: minisign/signify ({@code untrusted comment:} line, then base64 of "Ed" +
 * 8-byte key number + 32-byte key) and openssl ({@code openssl pkey -pubout}: PEM SubjectPublicKeyInfo of an Ed25519
 * key, parsed with BouncyCastle). Anything else is refused naming the problem.
 */
public final class PublicKeys {

  /** Key number and key of a minisign/signify public key. */
  public record KeyLine(byte[] keyNumber, byte[] key) {}

  private PublicKeys() {}

  public static KeyLine parseKeyLine(String text, String source) throws VerificationRefused {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String encoded;
    if (lines.size() == 2 && lines.get(0).startsWith("untrusted comment:")) {
      encoded = lines.get(1);
    } else if (lines.size() == 1) {
      encoded = lines.get(0);
    } else {
      throw new VerificationRefused(source + " is not a minisign/signify public key: expected an untrusted comment"
          + " line and a key line");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new VerificationRefused(source + " is not a minisign/signify public key: key line is not valid base64");
    }
    if (raw.length != 42) {
      throw new VerificationRefused(source + " is not a minisign/signify public key: key line holds " + raw.length
          + " bytes, expected 42");
    }
    if (raw[0] != 'E' || raw[1] != 'd') {
      throw new VerificationRefused(source + " is not a minisign/signify public key: algorithm is not Ed");
    }
    return new KeyLine(Arrays.copyOfRange(raw, 2, 10), Arrays.copyOfRange(raw, 10, 42));
  }

  /** The 32-byte Ed25519 key of a PEM SubjectPublicKeyInfo. */
  public static byte[] parsePem(String text, String source) throws VerificationRefused {
    PemObject pem;
    try (PemReader reader = new PemReader(new StringReader(text))) {
      pem = reader.readPemObject();
    } catch (IOException | RuntimeException e) {
      throw new VerificationRefused(source + " is not a PEM public key: " + e.getMessage());
    }
    if (pem == null || !"PUBLIC KEY".equals(pem.getType())) {
      throw new VerificationRefused(source + " is not a PEM public key: expected -----BEGIN PUBLIC KEY-----");
    }
    try {
      SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(pem.getContent());
      AsymmetricKeyParameter key = PublicKeyFactory.createKey(info);
      if (!(key instanceof Ed25519PublicKeyParameters ed)) {
        throw new VerificationRefused(source + " is not an Ed25519 key: algorithm "
            + info.getAlgorithm().getAlgorithm());
      }
      return ed.getEncoded();
    } catch (IOException | RuntimeException e) {
      throw new VerificationRefused(source + " is not a valid Ed25519 public key: " + e);
    }
  }
}
