package dev.relay.gate.table;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The hosts gates and upstreams may reach ({@code relay.gates.allowed-hosts}); loopback only by default. Decides
 * whether a URL or a host:port list points anywhere else (a public registry, a foreign service): it does not.
 */
public record HostAllowList(List<String> hosts) {

  /** 127.0.0.1, localhost and ::1. */
  public static final String LOOPBACK = "127.0.0.1,localhost,::1";

  public HostAllowList {
    hosts = hosts.stream().map(h -> strip(h.trim().toLowerCase(Locale.ROOT))).filter(h -> !h.isEmpty()).toList();
  }

  public static HostAllowList parse(String commaSeparated) {
    return new HostAllowList(Arrays.asList((commaSeparated == null ? "" : commaSeparated).split(",")));
  }

  public static HostAllowList loopback() {
    return parse(LOOPBACK);
  }

  public boolean allows(String host) {
    return host != null && hosts.contains(strip(host.toLowerCase(Locale.ROOT)));
  }

  /** Empty when the URL's host is allowed, else the reason naming the host. */
  public Optional<String> refusal(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      return Optional.of("'" + url + "' is not a URL: " + e.getMessage());
    }
    if (uri.getHost() == null) {
      return Optional.of("'" + url + "' names no host");
    }
    return allows(uri.getHost()) ? Optional.empty()
        : Optional.of("host '" + uri.getHost() + "' of " + url + " is not on relay.gates.allowed-hosts " + hosts);
  }

  /** Empty when every host of a {@code host:port,host:port} list is allowed, else the reason. */
  public Optional<String> refusalOfHostPorts(String list) {
    for (String hp : list.split(",")) {
      String h = hp.trim();
      if (h.isEmpty()) {
        continue;
      }
      String host = h.startsWith("[") ? h.substring(1, Math.max(1, h.indexOf(']')))
          : h.lastIndexOf(':') > 0 ? h.substring(0, h.lastIndexOf(':')) : h;
      if (!allows(host)) {
        return Optional.of("host '" + host + "' of " + h + " is not on relay.gates.allowed-hosts " + hosts);
      }
    }
    return Optional.empty();
  }

  private static String strip(String h) {
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }
}
