package dev.relay.artifact.signature;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The Ed25519 group check of RFC 8032, transcribed from its section 6 reference code with {@link BigInteger}: point
 * decoding, addition, scalar multiplication and the verification equation [S]B = R + [h]A for a given h. Used only
 * for signatures over whole files, where h = SHA-512(R || A || file) must be computed as the file streams by:
 * BouncyCastle's Ed25519 verify takes the message as one byte array (its signer buffers it), which a 4 GiB artifact
 * cannot be. Verification only: no secret enters here, so timing does not matter. Cross-checked against
 * BouncyCastle's {@code Ed25519.verify} in the tests.
 */
public final class Ed25519Math {

  static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  /** The group order L (q in RFC 8032 section 6). */
  public static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
  private static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
  private static final BigInteger[] NEUTRAL = {BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
  /** The base point B in extended coordinates (X, Y, Z, T). */
  public static final BigInteger[] BASE;

  static {
    BigInteger y = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
    BigInteger x = recoverX(y, 0);
    BASE = new BigInteger[] {x, y, BigInteger.ONE, x.multiply(y).mod(P)};
  }

  private Ed25519Math() {}

  /**
   * Whether [S]B = R + [h mod L]A holds for this public key and signature.
   *
   * @param publicKey 32-byte encoded A
   * @param signature 64 bytes: encoded R then S (little-endian)
   * @param sha512 the 64-byte SHA-512 of R || A || message
   */
  public static boolean verify(byte[] publicKey, byte[] signature, byte[] sha512) {
    if (publicKey.length != 32 || signature.length != 64 || sha512.length != 64) {
      return false;
    }
    BigInteger[] a = decompress(publicKey);
    BigInteger[] r = decompress(Arrays.copyOfRange(signature, 0, 32));
    if (a == null || r == null) {
      return false;
    }
    BigInteger s = littleEndian(Arrays.copyOfRange(signature, 32, 64));
    if (s.compareTo(L) >= 0) {
      return false;
    }
    BigInteger h = littleEndian(sha512).mod(L);
    return equal(multiply(s, BASE), add(r, multiply(h, a)));
  }

  /** Decodes a 32-byte point, or null when it is not a valid encoding. */
  public static BigInteger[] decompress(byte[] encoded) {
    BigInteger y = littleEndian(encoded);
    int sign = y.testBit(255) ? 1 : 0;
    y = y.clearBit(255);
    BigInteger x = recoverX(y, sign);
    return x == null ? null : new BigInteger[] {x, y, BigInteger.ONE, x.multiply(y).mod(P)};
  }

  /** Encodes a point in 32 bytes (y with the sign of x in the top bit). */
  public static byte[] compress(BigInteger[] point) {
    BigInteger zInv = point[2].modInverse(P);
    BigInteger x = point[0].multiply(zInv).mod(P);
    BigInteger y = point[1].multiply(zInv).mod(P);
    return toLittleEndian(x.testBit(0) ? y.setBit(255) : y, 32);
  }

  public static BigInteger[] add(BigInteger[] p, BigInteger[] q) {
    BigInteger a = p[1].subtract(p[0]).multiply(q[1].subtract(q[0])).mod(P);
    BigInteger b = p[1].add(p[0]).multiply(q[1].add(q[0])).mod(P);
    BigInteger c = BigInteger.TWO.multiply(p[3]).multiply(q[3]).multiply(D).mod(P);
    BigInteger d = BigInteger.TWO.multiply(p[2]).multiply(q[2]).mod(P);
    BigInteger e = b.subtract(a);
    BigInteger f = d.subtract(c);
    BigInteger g = d.add(c);
    BigInteger h = b.add(a);
    return new BigInteger[] {e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P)};
  }

  public static BigInteger[] multiply(BigInteger s, BigInteger[] point) {
    BigInteger[] q = NEUTRAL;
    BigInteger[] p = point;
    for (int i = 0; i < s.bitLength(); i++) {
      if (s.testBit(i)) {
        q = add(q, p);
      }
      p = add(p, p);
    }
    return q;
  }

  static boolean equal(BigInteger[] p, BigInteger[] q) {
    return p[0].multiply(q[2]).subtract(q[0].multiply(p[2])).mod(P).signum() == 0
        && p[1].multiply(q[2]).subtract(q[1].multiply(p[2])).mod(P).signum() == 0;
  }

  private static BigInteger recoverX(BigInteger y, int sign) {
    if (y.compareTo(P) >= 0) {
      return null;
    }
    BigInteger yy = y.multiply(y);
    BigInteger x2 = yy.subtract(BigInteger.ONE).multiply(D.multiply(yy).add(BigInteger.ONE).modInverse(P)).mod(P);
    if (x2.signum() == 0) {
      return sign == 1 ? null : BigInteger.ZERO;
    }
    BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (x.multiply(x).subtract(x2).mod(P).signum() != 0) {
      x = x.multiply(SQRT_M1).mod(P);
    }
    if (x.multiply(x).subtract(x2).mod(P).signum() != 0) {
      return null;
    }
    if ((x.testBit(0) ? 1 : 0) != sign) {
      x = P.subtract(x);
    }
    return x;
  }

  /** An unsigned little-endian integer. */
  public static BigInteger littleEndian(byte[] bytes) {
    byte[] be = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      be[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, be);
  }

  /** The low {@code length} bytes of a non-negative integer, little-endian. */
  public static byte[] toLittleEndian(BigInteger value, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = value.shiftRight(8 * i).byteValue();
    }
    return out;
  }
}
