package dev.relay.sandbox.traffic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian package {@code haproxy}) run as a child process in the foreground ({@code haproxy -f cfg
 * -db}), configured by {@link HaproxyConfig}: the local stand-in for Tier 2's virtual IP. Decides when it counts as
 * started (its runtime API answers and its frontend accepts connections, within the timeout, else an exception
 * with its log's last lines), how it reloads without losing runtime state (the state is saved to the server-state
 * file first; the new process takes the listeners over the socket, {@code -x}, and tells the old one to finish,
 * {@code -sf}), and stops it (SIGTERM, SIGKILL after 5 s), also when the JVM exits.
 */
public final class HaproxyProcess implements AutoCloseable {

  private final HaproxyConfig config;
  private final Path dir;
  private final Path cfgFile;
  private final Path log;
  private final List<Process> processes = new ArrayList<>();
  private Process current;
  private final Thread hook = new Thread(this::stopQuietly, "haproxy-stop");

  private HaproxyProcess(HaproxyConfig config, Path dir) {
    this.config = config;
    this.dir = dir;
    this.cfgFile = dir.resolve("haproxy.cfg");
    this.log = dir.resolve("haproxy.log");
  }

  /** Writes the configuration into dir and starts HAProxy; returns once it serves. */
  public static HaproxyProcess start(Path dir, HaproxyConfig config, Duration timeout) throws IOException {
    Files.createDirectories(dir);
    HaproxyProcess p = new HaproxyProcess(config, dir);
    Files.writeString(p.cfgFile, config.render());
    Runtime.getRuntime().addShutdownHook(p.hook);
    try {
      p.launch(List.of(), timeout);
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** The haproxy binary: on PATH, or /usr/sbin/haproxy (Debian), else empty. */
  public static Optional<Path> binary() {
    for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
      if (!d.isBlank() && Files.isExecutable(Path.of(d, "haproxy"))) {
        return Optional.of(Path.of(d, "haproxy"));
      }
    }
    return Optional.empty();
  }

  public HaproxyConfig config() {
    return config;
  }

  public Path socket() {
    return config.socket();
  }

  public String backend() {
    return config.backend();
  }

  public String frontendUrl() {
    return "http://127.0.0.1:" + config.frontendPort();
  }

  public long pid() {
    return current.pid();
  }

  public Path log() {
    return log;
  }

  /** Sends one runtime API command and returns the whole answer. */
  public String command(String command) throws IOException {
    return command(config.socket(), command);
  }

  /** Sends one runtime API command to a socket and returns the whole answer (HAProxy closes after answering). */
  public static String command(Path socket, String command) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (ch.read(buf) >= 0) {
        buf.flip();
        out.write(buf.array(), 0, buf.limit());
        buf.clear();
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Reloads the configuration without dropping the listeners: saves the servers' runtime state to the state file,
   * starts a new process that takes the listening sockets from the old one and lets the old one finish its
   * connections.
   */
  public synchronized void reload(Duration timeout) throws IOException {
    String state = command("show servers state");
    Path tmp = config.stateFile().resolveSibling(config.stateFile().getFileName() + ".tmp");
    Files.writeString(tmp, state);
    Files.move(tmp, config.stateFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    long old = current.pid();
    launch(List.of("-x", config.socket().toString(), "-sf", String.valueOf(old)), timeout);
  }

  private void launch(List<String> extra, Duration timeout) throws IOException {
    Path bin = binary().orElseThrow(() -> new IOException(
        "haproxy is not installed (Debian package 'haproxy'; deploy/setup.sh installs it)"));
    List<String> cmd = new ArrayList<>(List.of(bin.toString(), "-f", cfgFile.toString(), "-db"));
    cmd.addAll(extra);
    Process previous = current;
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    processes.add(p);
    current = p;
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new IOException("haproxy exited with " + p.exitValue() + ":\n" + tail());
      }
      if (answers(p) && accepts()) {
        if (previous != null) {
          awaitExit(previous, timeout);
        }
        return;
      }
      sleep(50);
    }
    throw new IOException("haproxy did not start within " + timeout + ":\n" + tail());
  }

  private boolean answers(Process p) {
    try {
      return command("show info").contains("Pid: " + p.pid());
    } catch (IOException e) {
      return false;
    }
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", config.frontendPort()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitExit(Process p, Duration timeout) {
    try {
      p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of HAProxy's log, for messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void stopQuietly() {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroy();
        try {
          if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }
}
