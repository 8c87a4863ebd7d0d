package dev.relay.sandbox.node;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hot state and its replication over HTTP. {@code GET /state} (snapshot), {@code GET|PUT /state/{key}},
 * {@code GET /state/changes?after=N&limit=M} (what a replica pulls), {@code POST /admin/replicate?from=<url>} and
 * {@code POST /admin/replicate/stop}. Decides that a node replicating from another refuses local writes (409): a
 * replica has one writer, its source.
 */
final class StateEndpoints {

  private static final int MAX_VALUE_BYTES = 64 * 1024;

  private final HotState state;
  private final Replicator replicator;

  StateEndpoints(HotState state, Replicator replicator) {
    this.state = state;
    this.replicator = replicator;
  }

  /** /state, /state/changes, /state/{key}. */
  void state(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod().toUpperCase();
    if (path.equals("/state") || path.equals("/state/")) {
      requireMethod(method, "GET");
      Exchanges.reply(ex, 200, state.snapshot());
      return;
    }
    String key = path.substring("/state/".length());
    if (key.equals("changes")) {
      requireMethod(method, "GET");
      Map<String, String> q = Exchanges.query(ex);
      long after = Long.parseLong(q.getOrDefault("after", "0"));
      int limit = Math.max(1, Math.min(10_000, Integer.parseInt(q.getOrDefault("limit", "1000"))));
      Exchanges.reply(ex, 200, state.changesAfter(after, limit));
      return;
    }
    if (method.equals("GET")) {
      String v = state.get(key);
      if (v == null) {
        Exchanges.reply(ex, 404, Map.of("error", "no key '" + key + "'"));
      } else {
        Exchanges.reply(ex, 200, Map.of("key", key, "value", v, "seq", state.seq()));
      }
      return;
    }
    requireMethod(method, "PUT");
    if (refuseWriteOnReplica(ex)) {
      return;
    }
    long seq = state.put(key, Exchanges.body(ex, MAX_VALUE_BYTES));
    Exchanges.reply(ex, 200, Map.of("key", key, "seq", seq));
  }

  /** Whether the write was refused because this node is a replica (the reply is sent). */
  boolean refuseWriteOnReplica(HttpExchange ex) throws IOException {
    String source = replicator.source();
    if (source == null) {
      return false;
    }
    Exchanges.reply(ex, 409, Map.of("error", "replica of " + source + ": writes go to the source"));
    return true;
  }

  void replicate(HttpExchange ex) throws IOException {
    requireMethod(ex.getRequestMethod().toUpperCase(), "POST");
    if (ex.getRequestURI().getPath().equals("/admin/replicate/stop")) {
      replicator.stop();
      Exchanges.reply(ex, 200, replication());
      return;
    }
    String from = Exchanges.query(ex).get("from");
    if (from == null || !(from.startsWith("http://") || from.startsWith("https://"))) {
      Exchanges.reply(ex, 400, Map.of("error", "from=<base URL of the source node> is required"));
      return;
    }
    replicator.start(from);
    Exchanges.reply(ex, 200, replication());
  }

  /** The replication fields of /status. */
  Map<String, Object> replication() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stateSeq", state.seq());
    m.put("replicatingFrom", replicator.source());
    m.put("replicationLag", replicator.lag());
    m.put("replicationError", replicator.error());
    m.put("replicationPulls", replicator.pulls());
    return m;
  }

  private static void requireMethod(String method, String wanted) {
    if (!method.equals(wanted)) {
      throw new MethodNotAllowed(wanted);
    }
  }

  /** A request with the wrong method for its path. */
  static final class MethodNotAllowed extends RuntimeException {
    final String wanted;

    MethodNotAllowed(String wanted) {
      super("use " + wanted);
      this.wanted = wanted;
    }
  }
}
