package dev.relay.store.node;

import com.hazelcast.map.IMap;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The store's data endpoints over the replicated map: {@code PUT/GET /data/{key}}, {@code POST /data/load?count=N}
 * (keys {@code key-0..key-(N-1)}, values {@code value-<i>}, written in batches), {@code GET /data/count} (the map's
 * size) and {@code GET /data/verify?count=N} (how many of the N loaded entries are present with their value). Decides
 * the known data set a roll is checked against.
 */
final class DataApi {

  static final int BATCH = 1_000;
  static final int MAX_COUNT = 10_000_000;

  private final IMap<String, String> map;

  DataApi(IMap<String, String> map) {
    this.map = map;
  }

  static String key(int i) {
    return "key-" + i;
  }

  static String value(int i) {
    return "value-" + i;
  }

  void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod().toUpperCase();
    switch (path) {
      case "/data/load" -> {
        if (!method.equals("POST")) {
          Exchanges.reply(ex, 405, Map.of("error", "use POST"));
          return;
        }
        int n = count(ex);
        long t0 = System.nanoTime();
        for (int from = 0; from < n; from += BATCH) {
          Map<String, String> batch = new LinkedHashMap<>();
          for (int i = from; i < Math.min(n, from + BATCH); i++) {
            batch.put(key(i), value(i));
          }
          map.putAll(batch);
        }
        Exchanges.reply(ex, 200, Map.of("loaded", n, "size", map.size(), "ms", (System.nanoTime() - t0) / 1_000_000));
      }
      case "/data/count" -> Exchanges.reply(ex, 200, Map.of("size", map.size()));
      case "/data/verify" -> verify(ex, count(ex));
      default -> entry(ex, method, path.substring("/data/".length()));
    }
  }

  private void verify(HttpExchange ex, int n) throws IOException {
    int present = 0;
    int wrong = 0;
    for (int from = 0; from < n; from += BATCH) {
      Set<String> keys = new HashSet<>();
      for (int i = from; i < Math.min(n, from + BATCH); i++) {
        keys.add(key(i));
      }
      Map<String, String> got = map.getAll(keys);
      for (Map.Entry<String, String> e : got.entrySet()) {
        present++;
        if (!e.getValue().equals(value(Integer.parseInt(e.getKey().substring(4))))) {
          wrong++;
        }
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("expected", n);
    body.put("present", present);
    body.put("missing", n - present);
    body.put("wrong", wrong);
    Exchanges.reply(ex, 200, body);
  }

  /** GET or PUT of one entry (the key is the rest of the path). */
  void entry(HttpExchange ex, String method, String key) throws IOException {
    if (key.isEmpty() || key.contains("/")) {
      Exchanges.reply(ex, 400, Map.of("error", "use " + ex.getHttpContext().getPath() + "/{key}"));
      return;
    }
    switch (method) {
      case "PUT" -> {
        String value = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        map.set(key, value);
        Exchanges.reply(ex, 200, Map.of("key", key, "value", value));
      }
      case "GET" -> {
        String value = map.get(key);
        if (value == null) {
          Exchanges.reply(ex, 404, Map.of("error", "no entry '" + key + "'"));
        } else {
          Exchanges.reply(ex, 200, Map.of("key", key, "value", value));
        }
      }
      default -> Exchanges.reply(ex, 405, Map.of("error", "use GET or PUT"));
    }
  }

  private static int count(HttpExchange ex) {
    String c = Exchanges.query(ex).get("count");
    if (c == null) {
      throw new IllegalArgumentException("count is required");
    }
    int n = Integer.parseInt(c.trim());
    if (n < 0 || n > MAX_COUNT) {
      throw new IllegalArgumentException("count must be 0.." + MAX_COUNT + ", was " + n);
    }
    return n;
  }
}
