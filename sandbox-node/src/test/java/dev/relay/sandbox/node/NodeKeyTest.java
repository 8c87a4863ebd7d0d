package dev.relay.sandbox.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyTest {

  @Test
  void theNodeKeyIsMadeOnceAndKept(@TempDir Path keys) throws Exception {
    String first = NodeKey.ensure(keys);
    assertThat(NodeKey.ensure(keys)).isEqualTo(first).hasSize(16);
    Files.delete(keys.resolve("node.key"));
    assertThat(NodeKey.ensure(keys)).as("a wiped key store gives a new identity").isNotEqualTo(first);
  }

  @Test
  void theCompanyKeyIsReportedFromDerOrPemAndNullWhenMissingOrBroken(@TempDir Path keys) throws Exception {
    assertThat(NodeKey.companyFingerprint(keys)).isNull();
    PublicKey company = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    String expected = NodeKey.fingerprint(company.getEncoded());
    Files.write(NodeKey.companyKeyFile(keys), company.getEncoded());
    assertThat(NodeKey.companyFingerprint(keys)).isEqualTo(expected);
    Files.writeString(NodeKey.companyKeyFile(keys), "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(company.getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    assertThat(NodeKey.companyFingerprint(keys)).isEqualTo(expected);
    Files.writeString(NodeKey.companyKeyFile(keys), "not a key");
    assertThat(NodeKey.companyFingerprint(keys)).isNull();
  }
}
