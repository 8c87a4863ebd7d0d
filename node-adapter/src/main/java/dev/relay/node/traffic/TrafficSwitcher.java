package dev.relay.node.traffic;

import dev.relay.contracts.Fact;
import dev.relay.contracts.Fact.TrafficSwitched;
import dev.relay.node.jobs.Job;
import dev.relay.node.jobs.JobFailure;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One traffic switch as a step function, called on each tick with HAProxy's current view ({@code show stat}) and
 * doing the next safe step only. Decides the order that keeps the backend set never empty: the {@code to} group's
 * servers are made ready first, through drain: HAProxy counts a server leaving maintenance UP before any check, so
 * it leaves maintenance drained (checked, sent nothing) and is made ready only once a check has passed; only while every one of them is UP with a passed check (re-read on the same tick)
 * is the other group drained; a drained server goes to maintenance when its sessions reach 0 (or the drain limit or
 * the budget passes; its sessions are then cut and logged). If the {@code to} group stops serving while the other
 * is drained, the other is made ready again at once. At the end of its budget (shortly before the command's
 * deadline) an unfinished switch is undone so that traffic stays on the group that serves, and fails with the
 * reason.
 */
public final class TrafficSwitcher {

  private static final Logger LOG = Logger.getLogger(TrafficSwitcher.class);

  private final HaproxyRuntimeApi api;
  private final String backend;
  private final String to;
  private final String other;
  private final List<String> toServers;
  private final List<String> otherServers;
  private final Instant budgetEnd;
  private final Duration drainLimit;
  private final Job job;
  private final long startNanos = System.nanoTime();
  private long drainStartNanos;
  private int apiErrors;
  private long cutSessions;

  public TrafficSwitcher(HaproxyRuntimeApi api, String backend, String to, String other, List<String> toServers,
      List<String> otherServers, Duration drainLimit, Job job) {
    this.api = api;
    this.backend = backend;
    this.to = to;
    this.other = other;
    this.toServers = toServers;
    this.otherServers = otherServers;
    this.drainLimit = drainLimit;
    this.job = job;
    Duration total = job.remaining();
    Duration margin = total.dividedBy(5).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2)
        : total.dividedBy(5);
    this.budgetEnd = job.deadline().minus(margin);
  }

  /** One step; a value when the switch is complete. Runtime API errors propagate (retried with backoff). */
  public Optional<Fact> tick() throws IOException {
    try {
      return step();
    } catch (IOException e) {
      apiErrors++;
      throw new IOException(e.getMessage() + " (" + apiErrors + " runtime API errors so far)", e);
    }
  }

  private Optional<Fact> step() throws IOException {
    Map<String, ServerStat> stats = index(api.stats(backend));
    List<ServerStat> t = pick(stats, toServers);
    List<ServerStat> o = pick(stats, otherServers);
    boolean pastBudget = Instant.now().isAfter(budgetEnd);
    boolean toServing = t.stream().allMatch(ServerStat::serving);
    if (toServing && o.stream().allMatch(ServerStat::maint)) {
      long ms = (System.nanoTime() - startNanos) / 1_000_000;
      LOG.infof("traffic on %s/%s switched to %s in %d ms%s", api.address(), backend, to, ms,
          cutSessions > 0 ? " (" + cutSessions + " sessions cut at the drain limit)" : "");
      return Optional.of(new TrafficSwitched(to, ms));
    }
    boolean readied = false;
    for (ServerStat s : t) {
      if (s.maint()) {
        api.setState(backend, s.name(), "drain");
        readied = true;
      } else if (s.drain() && s.checkPassed()) {
        api.setState(backend, s.name(), "ready");
        readied = true;
      }
    }
    if (readied) {
      job.missing(to + " servers leaving maintenance, not yet confirmed UP: " + describe(t));
      return Optional.empty();
    }
    if (!toServing) {
      if (t.stream().noneMatch(ServerStat::serving)) {
        restore(o);
      }
      if (pastBudget) {
        throw undo(t, o, to + " never served: " + describe(t));
      }
      job.missing("waiting for " + to + " to serve: " + describe(t));
      return Optional.empty();
    }
    if (drainStartNanos == 0) {
      drainStartNanos = System.nanoTime();
    }
    boolean limitPassed = System.nanoTime() - drainStartNanos > drainLimit.toNanos();
    for (ServerStat s : o) {
      if (!s.maint() && !s.drain()) {
        api.setState(backend, s.name(), "drain");
      } else if (s.drain() && (s.scur() == 0 || limitPassed || pastBudget)) {
        api.setState(backend, s.name(), "maint");
        if (s.scur() > 0) {
          api.shutdownSessions(backend, s.name());
          cutSessions += s.scur();
          LOG.warnf("%s/%s: %d sessions still open at the %s; cut", backend, s.name(), s.scur(),
              limitPassed ? "drain limit " + drainLimit : "end of the switch's budget");
        }
      }
    }
    job.missing(to + " serves; draining " + other + ": " + describe(o));
    return Optional.empty();
  }

  /** Makes every drained or maintained server of the other group ready again: it must serve while to cannot. */
  private void restore(List<ServerStat> o) throws IOException {
    for (ServerStat s : o) {
      if (s.maint() || s.drain()) {
        LOG.warnf("%s/%s: %s does not serve, so %s is made ready again", backend, s.name(), to, other);
        api.setState(backend, s.name(), "ready");
        drainStartNanos = 0;
      }
    }
  }

  /** Leaves traffic on the group that serves and returns the failure to end the job with. */
  private JobFailure undo(List<ServerStat> t, List<ServerStat> o, String why) throws IOException {
    boolean otherServes = o.stream().anyMatch(ServerStat::serving);
    String where;
    if (otherServes) {
      restore(o);
      for (ServerStat s : t) {
        if (!s.maint()) {
          api.setState(backend, s.name(), "maint");
        }
      }
      where = "traffic stays on " + other;
    } else {
      restore(o);
      where = "neither group fully serves; " + other + " made ready again, " + to + " left as it is";
    }
    return new JobFailure("switch to " + to + " failed within its deadline (" + apiErrors + " runtime API errors): "
        + why + "; " + where);
  }

  private List<ServerStat> pick(Map<String, ServerStat> stats, List<String> names) {
    List<ServerStat> out = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (String n : names) {
      ServerStat s = stats.get(n);
      if (s == null) {
        absent.add(n);
      } else {
        out.add(s);
      }
    }
    if (!absent.isEmpty()) {
      throw new JobFailure("HAProxy backend '" + backend + "' at " + api.address() + " has no server " + absent
          + "; nothing was changed");
    }
    return out;
  }

  private static Map<String, ServerStat> index(List<ServerStat> stats) {
    Map<String, ServerStat> m = new LinkedHashMap<>();
    stats.forEach(s -> m.put(s.name(), s));
    return m;
  }

  static String describe(List<ServerStat> stats) {
    return String.join(", ", stats.stream().map(ServerStat::describe).toList());
  }
}
