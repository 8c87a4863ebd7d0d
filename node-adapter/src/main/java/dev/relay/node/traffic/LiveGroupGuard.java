package dev.relay.node.traffic;

import dev.relay.contracts.ClusterProfile;
import dev.relay.node.jobs.JobFailure;
import dev.relay.node.service.Target;
import java.io.IOException;

/**
 * Never drain or patch a node that serves clients behind the virtual IP. A blue-green deployment patches the idle
 * group only; a node that HAProxy counts as serving (running, not in maintenance, not draining) belongs to the live
 * group, and taking it down could leave the backend without a server. Clusters without a traffic switch (Tier 1) are
 * not concerned. A runtime API that cannot answer fails the command: it is not known to be safe.
 */
public final class LiveGroupGuard {

  public static void requireIdle(Target t, String command) {
    ClusterProfile.Traffic traffic = t.cluster().traffic();
    if (traffic == null || traffic.runtimeApi() == null || traffic.backend() == null || t.node() == null) {
      return;
    }
    boolean serving;
    try {
      serving = new HaproxyRuntimeApi(traffic.runtimeApi()).serversState(traffic.backend()).stream()
          .anyMatch(s -> s.name().equals(t.nodeId()) && s.serving());
    } catch (IOException e) {
      throw new JobFailure("refusing " + command + " on " + t.nodeId() + ": cannot tell whether it serves clients"
          + " behind HAProxy backend '" + traffic.backend() + "': " + e.getMessage());
    }
    if (serving) {
      throw new JobFailure("refusing " + command + " on " + t.nodeId() + ": it serves client traffic behind HAProxy"
          + " backend '" + traffic.backend() + "' (the live group); a blue-green deployment drains and patches only"
          + " the idle group");
    }
  }

  private LiveGroupGuard() {}
}
