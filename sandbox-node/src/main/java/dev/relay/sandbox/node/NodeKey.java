package dev.relay.sandbox.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * The node's identity key (Ed25519, JDK only). Decides that a key is made once, on first start, and reused ever after:
 * {@code node.key} (PKCS#8) and {@code node.pub} (X.509) live in the keys folder, outside every release folder, so
 * restarts and patches keep the identity. The company key ({@code company.pub}, X.509 DER or PEM) is put in the same
 * folder by whoever provisions the node; the node never writes it, only reports its fingerprint.
 */
public final class NodeKey {

  private NodeKey() {}

  /** Loads the key from keysDir, creating it first if missing; returns the public key's fingerprint. */
  public static String ensure(Path keysDir) throws IOException, GeneralSecurityException {
    Path priv = keysDir.resolve("node.key");
    Path pub = keysDir.resolve("node.pub");
    Files.createDirectories(keysDir);
    if (!Files.exists(priv) || !Files.exists(pub)) {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      Path tmpPriv = keysDir.resolve("node.key.tmp");
      Path tmpPub = keysDir.resolve("node.pub.tmp");
      Files.write(tmpPriv, pair.getPrivate().getEncoded());
      Files.write(tmpPub, pair.getPublic().getEncoded());
      Files.move(tmpPub, pub, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmpPriv, priv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub)));
    return fingerprint(key.getEncoded());
  }

  /** First 16 hex characters of the SHA-256 of the encoded public key. */
  public static String fingerprint(byte[] encodedPublicKey) throws GeneralSecurityException {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(encodedPublicKey);
    return HexFormat.of().formatHex(hash).substring(0, 16);
  }

  /** The company key's file in the keys folder. */
  public static Path companyKeyFile(Path keysDir) {
    return keysDir.resolve("company.pub");
  }

  /**
   * The fingerprint of the company key in keysDir (as {@link #fingerprint}), read now; null when the file is missing
   * or is not an Ed25519 public key (what the node reports then: no company key).
   */
  public static String companyFingerprint(Path keysDir) {
    Path file = companyKeyFile(keysDir);
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
      if (text.contains("-----BEGIN PUBLIC KEY-----")) {
        String b64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        bytes = java.util.Base64.getDecoder().decode(b64);
      }
      PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(bytes));
      return fingerprint(key.getEncoded());
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}
