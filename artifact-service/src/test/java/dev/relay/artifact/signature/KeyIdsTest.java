package dev.relay.artifact.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Key ids as minisign 0.11 printed them for these exact key-id bytes (taken from its own output). */
class KeyIdsTest {

  @Test
  void littleEndianUppercaseWithoutLeadingZeros() {
    // minisign: "minisign public key 670D4F55A8E5DED" for key-id bytes ed5d8e5af5d47006
    assertThat(KeyIds.format(HexFormat.of().parseHex("ed5d8e5af5d47006"))).isEqualTo("670D4F55A8E5DED");
    // minisign: "minisign public key 238D83C755D8C536" for key-id bytes 36c5d855c7838d23
    assertThat(KeyIds.format(HexFormat.of().parseHex("36c5d855c7838d23"))).isEqualTo("238D83C755D8C536");
    // high bit set stays unsigned
    assertThat(KeyIds.format(HexFormat.of().parseHex("00000000000000ff"))).isEqualTo("FF00000000000000");
  }
}
