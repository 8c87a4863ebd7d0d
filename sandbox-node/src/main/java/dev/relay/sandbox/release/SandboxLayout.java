package dev.relay.sandbox.release;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The on-disk layout of a sandbox cluster and the lifecycle of its node processes. A node folder
 * {@code <root>/<cluster>/<node>/} holds {@code node.properties}, {@code releases/<version>-<hex12>/},
 * {@code current} (a relative symlink into releases/, switched atomically), {@code keys/}, {@code node.pid},
 * {@code node.log} and {@code patches.log}. Decides how a node is started (setsid, own session, output appended to
 * node.log), how it is stopped (SIGTERM, kill -9 only after the grace, or never when its node.properties says
 * {@code stop.kill-after-grace=false}) and whether it counts as running.
 */
public final class SandboxLayout {

  private static final System.Logger LOG = System.getLogger(SandboxLayout.class.getName());

  private final Path root;

  public SandboxLayout(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path clusterDir(String clusterId) {
    return root.resolve(clusterId);
  }

  public Path nodeDir(String clusterId, String nodeId) {
    return clusterDir(clusterId).resolve(nodeId);
  }

  public static Path properties(Path nodeDir) {
    return nodeDir.resolve("node.properties");
  }

  public static Path releasesDir(Path nodeDir) {
    return nodeDir.resolve("releases");
  }

  public static Path currentLink(Path nodeDir) {
    return nodeDir.resolve("current");
  }

  public static Path keysDir(Path nodeDir) {
    return nodeDir.resolve("keys");
  }

  public static Path pidFile(Path nodeDir) {
    return nodeDir.resolve("node.pid");
  }

  public static Path logFile(Path nodeDir) {
    return nodeDir.resolve("node.log");
  }

  public static Path patchesLog(Path nodeDir) {
    return nodeDir.resolve("patches.log");
  }

  /** Folder name of a release: {@code <version>-<first 12 hex of digest>}. */
  public static String releaseName(String version, String digest) {
    if (version == null || !version.matches("[A-Za-z0-9._+-]{1,64}")) {
      throw new IllegalArgumentException("unsafe version '" + version + "'");
    }
    return version + "-" + Digests.hex12(digest);
  }

  // ---- processes ----

  /** Starts the node from its current release unless it already runs; returns the pid. */
  public long start(Path nodeDir) throws IOException {
    Optional<ProcessHandle> running = runningProcess(nodeDir);
    if (running.isPresent()) {
      return running.get().pid();
    }
    Path bin = currentLink(nodeDir).resolve("bin").resolve("sandbox-node");
    if (!Files.isExecutable(bin)) {
      throw new IOException(nodeDir + ": no runnable current release (" + bin + " missing or not executable)");
    }
    ProcessBuilder pb = new ProcessBuilder("setsid", bin.toString(), properties(nodeDir).toString())
        .directory(nodeDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(nodeDir).toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    long pid = p.pid();
    Files.writeString(pidFile(nodeDir), pid + "\n", StandardCharsets.UTF_8);
    LOG.log(Level.INFO, "started {0} as pid {1}", nodeDir, String.valueOf(pid));
    return pid;
  }

  /**
   * How a stop may end. KILL_AFTER_GRACE: SIGTERM, and SIGKILL once the grace has passed. NEVER_KILL: SIGTERM only; a
   * node still running after the grace is left running (for nodes whose kill can lose data, such as a store member
   * handing off its partitions).
   */
  public enum StopMode { KILL_AFTER_GRACE, NEVER_KILL }

  /** The node's stop mode: NEVER_KILL when its node.properties says {@code stop.kill-after-grace=false}. */
  public static StopMode stopMode(Path nodeDir) throws IOException {
    Path props = properties(nodeDir);
    if (!Files.exists(props)) {
      return StopMode.KILL_AFTER_GRACE;
    }
    java.util.Properties p = new java.util.Properties();
    try (var r = Files.newBufferedReader(props)) {
      p.load(r);
    }
    return "false".equalsIgnoreCase(p.getProperty("stop.kill-after-grace", "true").trim())
        ? StopMode.NEVER_KILL : StopMode.KILL_AFTER_GRACE;
  }

  /** Stops in the node's own stop mode ({@link #stopMode}). */
  public StopOutcome stop(Path nodeDir, Duration grace) throws IOException {
    return stop(nodeDir, grace, stopMode(nodeDir));
  }

  /**
   * SIGTERM, then waits up to grace; after the grace sends SIGKILL in KILL_AFTER_GRACE mode (and says so in the
   * outcome and the log), or leaves the process running in NEVER_KILL mode (outcome STILL_RUNNING, node.pid kept).
   */
  public StopOutcome stop(Path nodeDir, Duration grace, StopMode mode) throws IOException {
    Optional<ProcessHandle> running = runningProcess(nodeDir);
    if (running.isEmpty()) {
      Files.deleteIfExists(pidFile(nodeDir));
      return new StopOutcome(0, StopOutcome.Result.NOT_RUNNING);
    }
    ProcessHandle h = running.get();
    h.destroy();
    StopOutcome outcome;
    if (awaitExit(h, grace)) {
      outcome = new StopOutcome(h.pid(), StopOutcome.Result.STOPPED);
    } else if (mode == StopMode.NEVER_KILL) {
      outcome = new StopOutcome(h.pid(), StopOutcome.Result.STILL_RUNNING);
      LOG.log(Level.WARNING, "{0}: {1}", nodeDir, outcome.describe());
      return outcome;
    } else {
      h.destroyForcibly();
      awaitExit(h, Duration.ofSeconds(5));
      outcome = new StopOutcome(h.pid(), StopOutcome.Result.KILLED);
      LOG.log(Level.WARNING, "{0}: {1}", nodeDir, outcome.describe());
    }
    Files.deleteIfExists(pidFile(nodeDir));
    return outcome;
  }

  private static boolean awaitExit(ProcessHandle h, Duration within) {
    try {
      h.onExit().get(Math.max(1, within.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !h.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    } catch (ExecutionException e) {
      return !h.isAlive();
    }
  }

  public boolean isRunning(Path nodeDir) {
    return runningProcess(nodeDir).isPresent();
  }

  /** The live process named by node.pid, if it is alive and (where the OS tells) runs this node's properties. */
  public Optional<ProcessHandle> runningProcess(Path nodeDir) {
    Path pidFile = pidFile(nodeDir);
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    Path props = properties(nodeDir);
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> h.info().arguments()
        .map(args -> List.of(args).stream().anyMatch(a -> sameFile(a, props)))
        .orElse(true));
  }

  private static boolean sameFile(String arg, Path file) {
    if (!arg.endsWith("node.properties")) {
      return false;
    }
    try {
      return Files.isSameFile(Path.of(arg), file);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  // ---- releases ----

  /** The release `current` points at, if any. */
  public Optional<Release> currentRelease(Path nodeDir) throws IOException {
    Path link = currentLink(nodeDir);
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    Path target = nodeDir.resolve(Files.readSymbolicLink(link)).normalize();
    return read(target);
  }

  /** Points `current` at this release atomically (temp symlink, then rename over the old one). */
  public void switchCurrent(Path nodeDir, Release release) throws IOException {
    Path releases = releasesDir(nodeDir).toAbsolutePath().normalize();
    Path dir = release.dir().toAbsolutePath().normalize();
    if (!dir.getParent().equals(releases) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " is not a release folder of " + nodeDir);
    }
    Path tmp = nodeDir.resolve(".current-" + UUID.randomUUID());
    Files.createSymbolicLink(tmp, Path.of("releases", dir.getFileName().toString()));
    try {
      Files.move(tmp, currentLink(nodeDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Every complete release folder (staging folders excluded), newest first. */
  public List<Release> releases(Path nodeDir) throws IOException {
    Path dir = releasesDir(nodeDir);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Release> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted(Comparator.comparing(SandboxLayout::modified).reversed()).toList()) {
        if (!p.getFileName().toString().endsWith(".staging")) {
          read(p).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  /** The node's release of this version: the current one if it has that version, else the newest such folder. */
  public Optional<Release> releaseFor(Path nodeDir, String version) throws IOException {
    Optional<Release> current = currentRelease(nodeDir);
    if (current.isPresent() && current.get().version().equals(version)) {
      return current;
    }
    return releases(nodeDir).stream().filter(r -> r.version().equals(version)).findFirst();
  }

  /** The node's release with exactly this digest, if unpacked. */
  public Optional<Release> releaseWithDigest(Path nodeDir, String digest) throws IOException {
    return releases(nodeDir).stream().filter(r -> Digests.same(r.digest(), digest)).findFirst();
  }

  public static Optional<Release> read(Path releaseDir) throws IOException {
    Path version = releaseDir.resolve("VERSION");
    if (!Files.isRegularFile(version)) {
      return Optional.empty();
    }
    Path digest = releaseDir.resolve("DIGEST");
    return Optional.of(new Release(
        Files.readString(version).trim(),
        Files.isRegularFile(digest) ? Files.readString(digest).trim() : null,
        releaseDir));
  }

  // ---- patches.log ----

  /** Appends one line (time, version, digest) for a real unpack. */
  public void appendPatchLog(Path nodeDir, Release release) throws IOException {
    String line = Instant.now() + " " + release.version() + " " + release.digest() + "\n";
    Files.writeString(patchesLog(nodeDir), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  public List<String> patchLog(Path nodeDir) throws IOException {
    Path log = patchesLog(nodeDir);
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }
}
