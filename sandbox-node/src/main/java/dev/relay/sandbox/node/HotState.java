package dev.relay.sandbox.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node's small in-memory "hot state": a key/value map with a sequence number that every write advances, and a
 * bounded log of the latest changes so a replica can pull what it misses. Decides what a replica gets: the changes
 * after its sequence number while the log still holds them, else a full snapshot. A replica applies the source's
 * sequence numbers as its own, so "source sequence minus applied" is its lag.
 */
public final class HotState {

  /** One write: the sequence number it got, the key and the value. */
  public record Change(long seq, String key, String value) {}

  static final int LOG_LIMIT = 10_000;

  private final Map<String, String> entries = new TreeMap<>();
  private final Deque<Change> log = new ArrayDeque<>();
  private long seq;

  /** A local write; returns its sequence number. */
  public synchronized long put(String key, String value) {
    seq++;
    entries.put(key, value);
    remember(new Change(seq, key, value));
    return seq;
  }

  /** Adds one to the number stored under key (0 when absent); returns the new sequence number. */
  public synchronized long increment(String key) {
    long n;
    try {
      n = Long.parseLong(entries.getOrDefault(key, "0"));
    } catch (NumberFormatException e) {
      n = 0;
    }
    return put(key, String.valueOf(n + 1));
  }

  public synchronized String get(String key) {
    return entries.get(key);
  }

  public synchronized long seq() {
    return seq;
  }

  /** The changes after {@code after} (at most limit), or a snapshot when the log no longer reaches back that far. */
  public synchronized Map<String, Object> changesAfter(long after, int limit) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seq", seq);
    long oldest = log.isEmpty() ? seq + 1 : log.peekFirst().seq();
    if (after < 0 || after > seq || (after < oldest - 1 && after < seq)) {
      out.put("snapshot", true);
      out.put("entries", new LinkedHashMap<>(entries));
      return out;
    }
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Change c : log) {
      if (c.seq() > after && changes.size() < limit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", c.seq());
        m.put("key", c.key());
        m.put("value", c.value());
        changes.add(m);
      }
    }
    out.put("snapshot", false);
    out.put("changes", changes);
    return out;
  }

  /** Applies a change pulled from the source (a replica's only way to write). */
  public synchronized void apply(Change c) {
    if (c.seq() <= seq) {
      return;
    }
    entries.put(c.key(), c.value());
    seq = c.seq();
    remember(c);
  }

  /** Replaces everything with the source's snapshot at its sequence number. */
  public synchronized void replaceWith(Map<String, String> snapshot, long sourceSeq) {
    entries.clear();
    entries.putAll(snapshot);
    log.clear();
    seq = sourceSeq;
  }

  public synchronized Map<String, Object> snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seq", seq);
    out.put("entries", new LinkedHashMap<>(entries));
    return out;
  }

  private void remember(Change c) {
    log.addLast(c);
    while (log.size() > LOG_LIMIT) {
      log.removeFirst();
    }
  }
}
