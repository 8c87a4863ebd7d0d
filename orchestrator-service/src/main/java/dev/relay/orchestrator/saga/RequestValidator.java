package dev.relay.orchestrator.saga;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks the fields of a deploy request; the same rules for REST and for the topic. */
public final class RequestValidator {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern SEMVER =
      Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");

  /** Every problem found, empty when the request is well-formed. */
  public static List<String> problems(String clusterId, String artifact, String version) {
    List<String> problems = new ArrayList<>();
    if (clusterId == null || clusterId.isBlank()) {
      problems.add("missing cluster");
    } else if (!ID.matcher(clusterId).matches()) {
      problems.add("cluster '" + clusterId + "' is not a valid cluster id");
    }
    if (artifact == null || artifact.isBlank()) {
      problems.add("missing artifact");
    } else if (!NAME.matcher(artifact).matches()) {
      problems.add("artifact '" + artifact + "' is not a local artifact name (lower-case letters, digits, . _ -;"
          + " registries and paths are not allowed: artifacts come only from the local registry)");
    }
    if (version == null || version.isBlank()) {
      problems.add("missing version");
    } else if (!SEMVER.matcher(version).matches()) {
      problems.add("bad version '" + version + "': expected semantic version like 1.2.3");
    }
    return problems;
  }

  public static boolean validDeploymentId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  private RequestValidator() {}
}
