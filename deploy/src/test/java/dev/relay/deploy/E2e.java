package dev.relay.deploy;

import dev.relay.testkit.TopicProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What every end-to-end test class sets up alike: the project's home, a work folder, the services' ports. */
final class E2e {

  private E2e() {}

  /** The project's top folder (failsafe passes it as relay.home). */
  static Path home() {
    return Path.of(System.getProperty("relay.home", "..")).toAbsolutePath().normalize();
  }

  /** A new folder under deploy/target for one test class's data, logs and keys. */
  static Path workDir(String prefix) throws IOException {
    return Files.createTempDirectory(home().resolve("deploy/target"), prefix);
  }

  /** A free port for each of the five services. */
  static Map<String, Integer> servicePorts() {
    return Map.of("orchestrator-service", Ports.free(), "gate-service", Ports.free(),
        "artifact-service", Ports.free(), "node-adapter", Ports.free(), "compliance-watcher", Ports.free());
  }

  /** Closes what a test class started, whichever of them started. */
  static void close(TopicProbe probe, LocalStack stack) {
    if (probe != null) {
      probe.close();
    }
    if (stack != null) {
      stack.close();
    }
  }
}
