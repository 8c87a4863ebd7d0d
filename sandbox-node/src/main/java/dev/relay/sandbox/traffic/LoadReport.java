package dev.relay.sandbox.traffic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a load run saw: counts per outcome, who served, latency percentiles per phase, and when a group stopped
 * serving. Decides the switchover time: from a moment (the switch command) to the start of the last request that a
 * node outside the new group answered; after it, every request sent was answered by the new group.
 */
public record LoadReport(List<Sample> samples) {

  /** Latency percentiles of one phase, in microseconds. */
  public record Latency(String phase, long requests, long p50, long p90, long p99, long max) {}

  public long total() {
    return samples.size();
  }

  public long count(Sample.Outcome outcome) {
    return samples.stream().filter(s -> s.outcome() == outcome).count();
  }

  public long ok() {
    return count(Sample.Outcome.OK);
  }

  public long non2xx() {
    return count(Sample.Outcome.NON_2XX);
  }

  public long resets() {
    return count(Sample.Outcome.RESET);
  }

  public long failed() {
    return count(Sample.Outcome.FAILED);
  }

  /** Answers per node. */
  public Map<String, Long> servedBy() {
    Map<String, Long> m = new TreeMap<>();
    samples.stream().filter(s -> s.node() != null).forEach(s -> m.merge(s.node(), 1L, Long::sum));
    return m;
  }

  /** The first few failures, in words, for messages. */
  public List<String> firstErrors(int n) {
    return samples.stream().filter(s -> s.outcome() != Sample.Outcome.OK).limit(n)
        .map(s -> s.outcome() + " " + (s.error() != null ? s.error() : "HTTP " + s.status() + " from " + s.node()))
        .toList();
  }

  /** Latency per phase, in the order the phases first appear. */
  public List<Latency> latencies() {
    Map<String, long[]> byPhase = new LinkedHashMap<>();
    Map<String, Integer> sizes = new LinkedHashMap<>();
    samples.stream().sorted((a, b) -> Long.compare(a.startNanos(), b.startNanos()))
        .forEach(s -> sizes.merge(s.phase(), 1, Integer::sum));
    sizes.forEach((p, n) -> byPhase.put(p, samples.stream().filter(s -> s.phase().equals(p))
        .mapToLong(Sample::latencyMicros).sorted().toArray()));
    return byPhase.entrySet().stream().map(e -> latency(e.getKey(), e.getValue())).toList();
  }

  private static Latency latency(String phase, long[] sorted) {
    return new Latency(phase, sorted.length, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
  }

  static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /**
   * Milliseconds from fromNanos to the start of the last request (sent before untilNanos) answered by a node outside
   * group; 0 when none; -1 when no request sent in that span was answered by the group at all.
   */
  public long millisUntilOnlyServedBy(Set<String> group, long fromNanos, long untilNanos) {
    List<Sample> span = samples.stream().filter(s -> s.startNanos() >= fromNanos && s.startNanos() < untilNanos
        && s.node() != null).toList();
    if (span.stream().noneMatch(s -> group.contains(s.node()))) {
      return -1;
    }
    long lastOther = span.stream().filter(s -> !group.contains(s.node())).mapToLong(Sample::startNanos).max()
        .orElse(fromNanos);
    return Math.max(0, (lastOther - fromNanos) / 1_000_000);
  }

  /** One line of counts, for logs and the benchmark. */
  public String counts() {
    return "requests " + total() + ", ok " + ok() + ", non-2xx " + non2xx() + ", resets " + resets() + ", failed "
        + failed() + ", served by " + servedBy();
  }
}
