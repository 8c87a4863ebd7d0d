package dev.relay.artifact.store;

import java.util.List;

/**
 * What a folder import did.
 *
 * @param imported records stored by this scan
 * @param skipped file names whose bytes were already stored
 * @param refused file names with the reason each was refused
 */
public record ImportReport(List<ArtifactRecord> imported, List<String> skipped, List<Refusal> refused) {

  /** One refused file and why. */
  public record Refusal(String file, String reason) {}
}
