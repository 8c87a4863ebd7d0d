package dev.relay.artifact.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a trust store's keys.json for tests (atomically, as an operator's tooling would). */
public final class TrustFiles {

  private TrustFiles() {}

  public static Map<String, Object> entry(String id, String format, String publicKey, String notBefore,
      String notAfter, boolean revoked) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", id);
    e.put("format", format);
    e.put("publicKey", publicKey);
    e.put("notBefore", notBefore);
    e.put("notAfter", notAfter);
    e.put("revoked", revoked);
    e.put("comment", "test key");
    return e;
  }

  @SafeVarargs
  public static void writeKeysJson(Path trustDir, Map<String, Object>... entries) throws IOException {
    Files.createDirectories(trustDir);
    Path tmp = trustDir.resolve("keys.json.tmp");
    Files.writeString(tmp, new ObjectMapper().writeValueAsString(Map.of("keys", List.of(entries))));
    Files.move(tmp, trustDir.resolve("keys.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
