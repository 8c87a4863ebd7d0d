package dev.relay.sandbox.traffic;

import dev.relay.sandbox.node.Json;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Steady HTTP load through a virtual IP: {@code connections} keep-alive connections, each sending a request, reading
 * the answer, pausing {@code pauseMs}, and again, until stopped; plus any number of long-lived streaming reads.
 * Decides how each request is counted ({@link Sample.Outcome}): a reset or an end of stream where an answer was due
 * is RESET, any other missing answer FAILED, an answer outside 2xx NON_2XX. After a failure the connection is opened
 * again for the next request. Requests carry the phase mark current when they were sent.
 */
public final class LoadGenerator implements AutoCloseable {

  /**
   * @param frontend the virtual IP's base URL (http://host:port)
   * @param connections keep-alive connections, one thread each
   * @param path the request path (e.g. /work?ms=2)
   * @param pauseMs pause between two requests on one connection
   * @param readTimeoutMs longest wait for an answer (a longer one is FAILED)
   */
  public record Options(String frontend, int connections, String path, long pauseMs, int readTimeoutMs) {}

  /**
   * A streaming read's result.
   *
   * @param node the node that served it (from its first line)
   * @param linesExpected lines the server promised
   * @param linesRead lines received
   * @param complete the whole stream arrived and ended properly
   * @param error why it did not (null when complete)
   */
  public record StreamResult(String node, int linesExpected, int linesRead, boolean complete, String error) {
    /** A stream that did not arrive whole counts as dropped. */
    public boolean dropped() {
      return !complete;
    }
  }

  private final Options options;
  private final String host;
  private final int port;
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile String phase = "before";

  public LoadGenerator(Options options) {
    this.options = options;
    URI u = URI.create(options.frontend());
    this.host = u.getHost();
    this.port = u.getPort();
  }

  /** Starts the connections' threads. */
  public void start() {
    running.set(true);
    for (int i = 0; i < options.connections(); i++) {
      Thread t = new Thread(this::loop, "load-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Requests sent from now on carry this phase. */
  public void mark(String phase) {
    this.phase = phase;
  }

  /** Starts one streaming read of the given length (GET /stream?seconds=N) on its own connection. */
  public CompletableFuture<StreamResult> stream(int seconds) {
    CompletableFuture<StreamResult> result = new CompletableFuture<>();
    Thread t = new Thread(() -> result.complete(readStream(seconds)), "stream");
    t.setDaemon(true);
    t.start();
    return result;
  }

  /** Stops sending, waits for the last answers, and returns the report. */
  public LoadReport stop() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) {
      t.join(options.readTimeoutMs() + 2_000L);
    }
    return new LoadReport(List.copyOf(samples));
  }

  @Override
  public void close() throws InterruptedException {
    if (running.get()) {
      stop();
    }
  }

  private void loop() {
    try (HttpConnection conn = new HttpConnection(host, port, 2_000, options.readTimeoutMs())) {
      while (running.get()) {
        samples.add(one(conn));
        if (options.pauseMs() > 0) {
          try {
            Thread.sleep(options.pauseMs());
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  private Sample one(HttpConnection conn) {
    String p = phase;
    long start = System.nanoTime();
    try {
      HttpConnection.Answer a = conn.request("GET", options.path());
      Sample.Outcome o = a.status() >= 200 && a.status() < 300 ? Sample.Outcome.OK : Sample.Outcome.NON_2XX;
      return new Sample(start, System.nanoTime(), p, o, a.status(), node(a.body()), null);
    } catch (IOException | RuntimeException e) {
      conn.close();
      return new Sample(start, System.nanoTime(), p, classify(e), 0, null, e.toString());
    }
  }

  static Sample.Outcome classify(Exception e) {
    if (e instanceof EOFException) {
      return Sample.Outcome.RESET;
    }
    if (e instanceof SocketException && String.valueOf(e.getMessage()).toLowerCase().contains("reset")) {
      return Sample.Outcome.RESET;
    }
    if (e instanceof SocketException && String.valueOf(e.getMessage()).toLowerCase().contains("broken pipe")) {
      return Sample.Outcome.RESET;
    }
    return Sample.Outcome.FAILED;
  }

  private StreamResult readStream(int seconds) {
    String[] node = new String[1];
    int[] lines = new int[1];
    try (HttpConnection conn = new HttpConnection(host, port, 2_000, 10_000)) {
      HttpConnection.Answer a = conn.stream("/stream?seconds=" + seconds, line -> {
        if (line.isBlank()) {
          return;
        }
        lines[0]++;
        if (node[0] == null) {
          node[0] = node(line);
        }
      });
      if (a.status() != 200) {
        return new StreamResult(node[0], seconds, lines[0], false, "HTTP " + a.status() + ": " + a.body());
      }
      boolean complete = lines[0] == seconds;
      return new StreamResult(node[0], seconds, lines[0], complete,
          complete ? null : "ended after " + lines[0] + " of " + seconds + " lines");
    } catch (IOException | RuntimeException e) {
      return new StreamResult(node[0], seconds, lines[0], false, e.toString());
    }
  }

  @SuppressWarnings("unchecked")
  static String node(String json) {
    try {
      Object o = Json.parse(json.trim());
      return o instanceof Map<?, ?> m && m.get("node") != null ? String.valueOf(((Map<String, Object>) m).get("node")) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
