package dev.relay.artifact.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/**
 * The streaming whole-file Ed25519 check (JDK SHA-512 + {@link Ed25519Math}) decides exactly as BouncyCastle's
 * {@code Ed25519.verify} on the same inputs: genuine, altered message, altered R, altered S, S + L (malleability),
 * another key. Real-tool signatures (openssl, signify) are checked in FormatsTest.
 */
class Ed25519StreamVerifierTest {

  final SecureRandom random = new SecureRandom();

  @Test
  void decidesAsBouncyCastleDoes() {
    int accepted = 0;
    int refused = 0;
    for (int round = 0; round < 12; round++) {
      Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(random);
      byte[] pub = priv.generatePublicKey().getEncoded();
      byte[] other = new Ed25519PrivateKeyParameters(random).generatePublicKey().getEncoded();
      byte[] message = new byte[random.nextInt(200_000)];
      random.nextBytes(message);
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, priv);
      signer.update(message, 0, message.length);
      byte[] sig = signer.generateSignature();

      byte[] alteredMessage = message.length == 0 ? new byte[] {1} : message.clone();
      if (message.length > 0) {
        alteredMessage[random.nextInt(message.length)] ^= 0x10;
      }
      byte[] alteredR = sig.clone();
      alteredR[3] ^= 0x01;
      byte[] alteredS = sig.clone();
      alteredS[40] ^= 0x01;
      byte[] sPlusL = sig.clone();
      BigInteger s = Ed25519Math.littleEndian(Arrays.copyOfRange(sig, 32, 64)).add(Ed25519Math.L);
      System.arraycopy(Ed25519Math.toLittleEndian(s, 32), 0, sPlusL, 32, 32);

      Object[][] cases = {{pub, message, sig}, {pub, alteredMessage, sig}, {pub, message, alteredR},
          {pub, message, alteredS}, {pub, message, sPlusL}, {other, message, sig}};
      for (Object[] c : cases) {
        byte[] k = (byte[]) c[0];
        byte[] m = (byte[]) c[1];
        byte[] g = (byte[]) c[2];
        boolean bc = Ed25519.verify(g, 0, k, 0, m, 0, m.length);
        assertThat(streamed(k, m, g)).as("round %d", round).isEqualTo(bc);
        if (bc) {
          accepted++;
        } else {
          refused++;
        }
      }
    }
    assertThat(accepted).isEqualTo(12);
    assertThat(refused).isEqualTo(60);
  }

  static boolean streamed(byte[] key, byte[] message, byte[] sig) {
    Ed25519StreamVerifier v = new Ed25519StreamVerifier(key, sig);
    for (int off = 0; off < message.length; off += 7919) {
      v.update(message, off, Math.min(7919, message.length - off));
    }
    return v.valid();
  }
}
