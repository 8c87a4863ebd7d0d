package dev.relay.sandbox.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pulls another node's hot state into this one over HTTP ({@code GET <source>/state/changes?after=<applied>}) every
 * interval, and decides the replication lag: the source's sequence number at the last pull minus what is applied
 * here (after a pull that returned everything, 0). A pull that fails keeps the last lag and reports the error; a
 * source that restarted (its sequence went backwards) is copied again from a snapshot.
 */
public final class Replicator {

  static final int BATCH = 1_000;

  private final HotState state;
  private final long intervalMs;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "replicator");
    t.setDaemon(true);
    return t;
  });
  private ScheduledFuture<?> task;
  private volatile String source;
  private volatile long sourceSeq;
  private volatile String error;
  private volatile long pulls;

  public Replicator(HotState state, long intervalMs) {
    this.state = state;
    this.intervalMs = intervalMs;
  }

  /** Starts pulling from source (a base URL); the same source again changes nothing, another one replaces it. */
  public synchronized void start(String sourceUrl) {
    String url = sourceUrl.endsWith("/") ? sourceUrl.substring(0, sourceUrl.length() - 1) : sourceUrl;
    URI.create(url + "/state");
    if (url.equals(source) && task != null) {
      return;
    }
    stop();
    source = url;
    error = "no pull yet";
    pulls = 0;
    task = timer.scheduleWithFixedDelay(this::pullQuietly, 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** Stops pulling; safe when not replicating. Keeps the state pulled so far. */
  public synchronized void stop() {
    if (task != null) {
      task.cancel(false);
      task = null;
    }
    source = null;
    error = null;
  }

  public String source() {
    return source;
  }

  /** The lag in changes, or null when not replicating. */
  public Long lag() {
    return source == null ? null : Math.max(0, sourceSeq - state.seq());
  }

  public String error() {
    return error;
  }

  public long pulls() {
    return pulls;
  }

  private void pullQuietly() {
    String from = source;
    if (from == null) {
      return;
    }
    try {
      pull(from);
      if (from.equals(source)) {
        error = null;
      }
    } catch (Exception e) {
      if (from.equals(source)) {
        error = from + ": " + e;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void pull(String from) throws Exception {
    long applied = state.seq();
    HttpRequest req = HttpRequest.newBuilder(URI.create(from + "/state/changes?after=" + applied + "&limit=" + BATCH))
        .timeout(Duration.ofSeconds(2)).GET().build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
    }
    Map<String, Object> body = (Map<String, Object>) Json.parse(r.body());
    long head = ((Number) body.get("seq")).longValue();
    if (Boolean.TRUE.equals(body.get("snapshot"))) {
      Map<String, String> entries = new LinkedHashMap<>();
      ((Map<String, Object>) body.get("entries")).forEach((k, v) -> entries.put(k, String.valueOf(v)));
      state.replaceWith(entries, head);
    } else {
      for (Object o : (List<Object>) body.get("changes")) {
        Map<String, Object> c = (Map<String, Object>) o;
        state.apply(new HotState.Change(((Number) c.get("seq")).longValue(), String.valueOf(c.get("key")),
            String.valueOf(c.get("value"))));
      }
    }
    sourceSeq = head;
    pulls++;
  }
}
