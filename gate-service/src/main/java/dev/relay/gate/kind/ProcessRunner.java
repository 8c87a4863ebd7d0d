package dev.relay.gate.kind;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one OS command without a shell, with a hard time limit. Decides when a command is over: it exits, or its time
 * runs out and it is killed together with every process it started.
 */
public final class ProcessRunner {

  /** How much of each output stream is kept (the tail). */
  static final int KEEP_CHARS = 64 * 1024;

  /**
   * What happened.
   *
   * @param pid the process id, or -1 when it never started
   * @param exitCode the exit status, or null when it never started or was killed
   * @param timedOut the time ran out and the process was killed
   * @param startError why it could not be started, or null
   */
  public record ProcessOutcome(long pid, Integer exitCode, boolean timedOut, String stdout, String stderr,
      String startError) {}

  private ProcessRunner() {}

  public static ProcessOutcome run(List<String> argv, Map<String, String> extraEnv, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().putAll(extraEnv);
    Process p;
    try {
      p = pb.start();
    } catch (IOException | RuntimeException e) {
      return new ProcessOutcome(-1, null, false, "", "", e.getMessage());
    }
    try {
      p.getOutputStream().close();
    } catch (IOException e) {
      // the command reads no input; a closed stdin is what we want anyway
    }
    Tail out = Tail.start(p.getInputStream(), "gate-stdout-" + p.pid());
    Tail err = Tail.start(p.getErrorStream(), "gate-stderr-" + p.pid());
    boolean finished;
    try {
      finished = p.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      kill(p);
      out.join(Duration.ofSeconds(2));
      err.join(Duration.ofSeconds(2));
      return new ProcessOutcome(p.pid(), null, true, out.text(), err.text(), null);
    }
    out.join(Duration.ofSeconds(2));
    err.join(Duration.ofSeconds(2));
    return new ProcessOutcome(p.pid(), p.exitValue(), false, out.text(), err.text(), null);
  }

  /** Kills the process and everything it started, and reaps it. */
  static void kill(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads a stream to its end on a daemon thread, keeping the last {@link #KEEP_CHARS} characters. */
  private static final class Tail implements Runnable {
    private final InputStream in;
    private final StringBuilder text = new StringBuilder();
    private final Thread thread;

    private Tail(InputStream in, String name) {
      this.in = in;
      this.thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    static Tail start(InputStream in, String name) {
      Tail t = new Tail(in, name);
      t.thread.start();
      return t;
    }

    @Override
    public void run() {
      char[] buf = new char[4096];
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        int n;
        while ((n = r.read(buf)) >= 0) {
          synchronized (text) {
            text.append(buf, 0, n);
            if (text.length() > 2 * KEEP_CHARS) {
              text.delete(0, text.length() - KEEP_CHARS);
            }
          }
        }
      } catch (IOException e) {
        // the process is gone or killed; keep what was read
      }
    }

    void join(Duration d) {
      try {
        thread.join(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    String text() {
      synchronized (text) {
        return text.length() > KEEP_CHARS ? text.substring(text.length() - KEEP_CHARS) : text.toString();
      }
    }
  }
}
