package dev.relay.artifact.trust;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.relay.artifact.signature.KeyIds;
import dev.relay.artifact.signature.VerificationRefused;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the trust store's {@code keys.json}: keys with ids, format, validity dates and revocation. Strict: an unknown
 * field, a missing one, or a key that does not parse refuses the whole file (the caller then refuses every
 * verification), because silently dropping an entry could drop a revocation.
 *
 * <pre>{"keys": [{"id": "...", "format": "minisign|signify|openssl", "publicKey": "...",
 *   "notBefore": "2026-01-01T00:00:00Z", "notAfter": "2027-01-01T00:00:00Z", "revoked": false, "comment": "..."}]}</pre>
 */
public final class KeysFile {

  public static final String NAME = "keys.json";

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  /** One entry as written. */
  public record Entry(String id, String format, String publicKey, Instant notBefore, Instant notAfter,
      boolean revoked, String comment) {}

  /** The file as written. */
  public record Document(List<Entry> keys) {}

  private KeysFile() {}

  public static List<TrustedKey> read(Path file) throws VerificationRefused {
    Document doc;
    try {
      doc = MAPPER.readValue(file.toFile(), Document.class);
    } catch (IOException e) {
      throw new VerificationRefused("trust store file " + file + " is unreadable, so no key is trusted: "
          + (e instanceof com.fasterxml.jackson.databind.JsonMappingException m
              ? m.getOriginalMessage() + " at " + m.getPathReference()
              : e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
              : e.getMessage()));
    }
    if (doc == null || doc.keys() == null) {
      throw new VerificationRefused("trust store file " + file + " has no \"keys\" list, so no key is trusted");
    }
    List<TrustedKey> keys = new ArrayList<>();
    for (int i = 0; i < doc.keys().size(); i++) {
      keys.add(toKey(doc.keys().get(i), file + " entry " + (i + 1)));
    }
    return keys;
  }

  private static TrustedKey toKey(Entry e, String where) throws VerificationRefused {
    if (e == null || e.id() == null || e.id().isBlank() || e.format() == null || e.publicKey() == null) {
      throw new VerificationRefused("trust store " + where + " needs id, format and publicKey, so no key is trusted");
    }
    String source = where + " (" + e.id() + ")";
    KeyFormat format;
    try {
      format = KeyFormat.parse(e.format());
    } catch (IllegalArgumentException ex) {
      throw new VerificationRefused("trust store " + source + ": " + ex.getMessage() + ", so no key is trusted");
    }
    if (e.notBefore() != null && e.notAfter() != null && e.notAfter().isBefore(e.notBefore())) {
      throw new VerificationRefused("trust store " + source + ": notAfter is before notBefore, so no key is trusted");
    }
    if (format == KeyFormat.OPENSSL) {
      byte[] key = PublicKeys.parsePem(e.publicKey(), source);
      return new TrustedKey(e.id(), format, null, key, e.notBefore(), e.notAfter(), e.revoked(), source);
    }
    PublicKeys.KeyLine line = PublicKeys.parseKeyLine(e.publicKey(), source);
    String derived = KeyIds.format(line.keyNumber());
    if (!derived.equals(e.id())) {
      throw new VerificationRefused("trust store " + source + ": a " + format.label() + " key's id must be its key"
          + " number as minisign prints it, " + derived + ", so no key is trusted");
    }
    return new TrustedKey(e.id(), format, line.keyNumber(), line.key(), e.notBefore(), e.notAfter(), e.revoked(),
        source);
  }
}
