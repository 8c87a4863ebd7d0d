package dev.relay.artifact.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.relay.artifact.store.StoredVerification;

/** The answer of the verify endpoint: verified with digest, size and key, or not with a reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyResponse(boolean verified, String digest, Long size, String keyId, String reason) {

  public static VerifyResponse of(StoredVerification v) {
    if (v instanceof StoredVerification.Verified ok) {
      return new VerifyResponse(true, ok.digest(), ok.size(), ok.keyId(), null);
    }
    if (v instanceof StoredVerification.Refused r) {
      return new VerifyResponse(false, null, null, null, r.reason());
    }
    StoredVerification.Unknown u = (StoredVerification.Unknown) v;
    return new VerifyResponse(false, null, null, null, u.reason());
  }
}
