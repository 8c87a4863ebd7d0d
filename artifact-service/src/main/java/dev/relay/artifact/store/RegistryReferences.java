package dev.relay.artifact.store;

import dev.relay.artifact.signature.VerificationRefused;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Air-gapped: decides what an artifact named in a request means, before anything else happens. A plain name
 * ({@code sandbox-node}) is a local artifact. A reference that names a registry ({@code docker.io/library/nginx},
 * {@code https://ghcr.io/o/x}, {@code quay.io/x:1}, {@code eu.gcr.io/p/x}, or {@code library/nginx}, which container
 * tools would look up on Docker Hub) is refused with the host in the reason, unless its host is on the allow-list
 * ({@code relay.artifacts.allowed-registry-hosts}, the local registry's own names), in which case it stands for the
 * local artifact of that name. Nothing is ever downloaded: this registry has no code that fetches from anywhere.
 */
public final class RegistryReferences {

  /** Public registries named in refusals as such. */
  static final List<String> PUBLIC = List.of("docker.io", "registry-1.docker.io", "index.docker.io", "ghcr.io",
      "quay.io", "gcr.io", "pkg.dev", "public.ecr.aws", "mcr.microsoft.com", "registry.k8s.io");

  private RegistryReferences() {}

  /** The local artifact name a request's artifact stands for, or a refusal naming the registry host. */
  public static String localName(String artifact, Set<String> allowedHosts) throws VerificationRefused {
    if (artifact == null) {
      throw new VerificationRefused("artifact is missing");
    }
    String ref = artifact.strip();
    String scheme = "";
    int sep = ref.indexOf("://");
    if (sep > 0) {
      scheme = ref.substring(0, sep + 3);
      ref = ref.substring(sep + 3);
    }
    int slash = ref.indexOf('/');
    if (slash < 0 && scheme.isEmpty()) {
      if (ref.contains("@") || ref.contains(":")) {
        throw new VerificationRefused("artifact '" + artifact + "' is an image reference (tag or digest), not a local"
            + " artifact name: refused before any network call (air-gapped: only the local registry is used)");
      }
      return ref;
    }
    String first = slash < 0 ? ref : ref.substring(0, slash);
    String host = first.toLowerCase(Locale.ROOT);
    boolean isHost = !scheme.isEmpty() || host.contains(".") || host.contains(":") || host.equals("localhost");
    if (!isHost) {
      throw new VerificationRefused("artifact '" + artifact + "' is a registry path without a host, which container"
          + " tools resolve on Docker Hub (docker.io, a public registry): refused before any network call"
          + " (air-gapped: only the local registry is used)");
    }
    String hostOnly = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
    if (allowedHosts.contains(host) || allowedHosts.contains(hostOnly)) {
      String rest = slash < 0 ? "" : ref.substring(slash + 1);
      if (!ArtifactNames.safe(rest)) {
        throw new VerificationRefused("artifact '" + artifact + "' names the local registry " + host + " but '" + rest
            + "' is not a local artifact name");
      }
      return rest;
    }
    boolean isPublic = PUBLIC.stream().anyMatch(p -> hostOnly.equals(p) || hostOnly.endsWith("." + p));
    throw new VerificationRefused("artifact '" + artifact + "' names registry host " + hostOnly
        + (isPublic ? ", a public registry," : "") + " which is not on the allow-list " + allowedHosts
        + ": refused before any network call (air-gapped: only the local registry is used)");
  }
}
