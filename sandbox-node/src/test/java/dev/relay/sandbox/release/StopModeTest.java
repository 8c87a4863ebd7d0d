package dev.relay.sandbox.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose node.properties says {@code stop.kill-after-grace=false} is never killed by a stop: a process that
 * ignores SIGTERM is left running (STILL_RUNNING, pid file kept); the explicit KILL_AFTER_GRACE mode still kills it.
 */
class StopModeTest {

  @TempDir
  Path tmp;

  @Test
  void aNeverKillNodeThatDoesNotStopIsLeftRunning() throws Exception {
    SandboxLayout layout = new SandboxLayout(tmp);
    Path dir = layout.nodeDir("c", "node-1");
    String digest = "sha256:" + "ab".repeat(32);
    Path release = SandboxLayout.releasesDir(dir).resolve(SandboxLayout.releaseName("1.0.0", digest));
    Files.createDirectories(release.resolve("bin"));
    Files.writeString(release.resolve("VERSION"), "1.0.0\n");
    Path bin = release.resolve("bin/sandbox-node");
    Files.writeString(bin, "#!/bin/sh\ntrap '' TERM\nwhile :; do sleep 0.2; done\n");
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    layout.switchCurrent(dir, SandboxLayout.read(release).orElseThrow());
    Files.writeString(SandboxLayout.properties(dir), "node.id=node-1\nstop.kill-after-grace=false\n");
    assertThat(SandboxLayout.stopMode(dir)).isEqualTo(SandboxLayout.StopMode.NEVER_KILL);

    layout.start(dir);
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!layout.isRunning(dir) && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    Thread.sleep(300); // let the shell install its trap
    StopOutcome left = layout.stop(dir, Duration.ofMillis(500));
    assertThat(left.result()).isEqualTo(StopOutcome.Result.STILL_RUNNING);
    assertThat(left.describe()).contains("left running");
    assertThat(layout.isRunning(dir)).isTrue();
    assertThat(SandboxLayout.pidFile(dir)).exists();

    StopOutcome killed = layout.stop(dir, Duration.ofMillis(200), SandboxLayout.StopMode.KILL_AFTER_GRACE);
    assertThat(killed.result()).isEqualTo(StopOutcome.Result.KILLED);
    assertThat(layout.isRunning(dir)).isFalse();
  }

  @Test
  void withoutTheKeyTheModeKillsAfterTheGrace() throws Exception {
    Path dir = tmp.resolve("n");
    Files.createDirectories(dir);
    assertThat(SandboxLayout.stopMode(dir)).isEqualTo(SandboxLayout.StopMode.KILL_AFTER_GRACE);
    Files.writeString(SandboxLayout.properties(dir), "node.id=n\n");
    assertThat(SandboxLayout.stopMode(dir)).isEqualTo(SandboxLayout.StopMode.KILL_AFTER_GRACE);
  }
}
