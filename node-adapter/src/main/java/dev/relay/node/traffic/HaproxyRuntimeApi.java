package dev.relay.node.traffic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HAProxy's runtime API, one command per connection (HAProxy answers and closes): a UNIX domain socket (a path) or
 * TCP (host:port). Every call has a timeout and throws an IOException naming the socket and the command; an answer
 * to {@code set server} other than empty is HAProxy refusing it ("No such server."), also an IOException. Names are
 * checked before they reach the socket (no command injection).
 */
public final class HaproxyRuntimeApi {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final String address;

  public HaproxyRuntimeApi(String address) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("no runtime API address");
    }
    this.address = address.trim();
  }

  public String address() {
    return address;
  }

  /** The servers of a backend, from {@code show stat}; a backend that does not exist is an IOException. */
  public List<ServerStat> stats(String backend) throws IOException {
    String answer = execute("show stat");
    List<String> lines = answer.lines().toList();
    if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
      throw new IOException(address + ": 'show stat' answered " + abbreviate(answer));
    }
    String[] header = lines.get(0).substring(2).split(",", -1);
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      col.put(header[i], i);
    }
    List<ServerStat> out = new ArrayList<>();
    boolean backendSeen = false;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length < header.length || !f[col.get("pxname")].equals(backend)) {
        continue;
      }
      String sv = f[col.get("svname")];
      if (sv.equals("BACKEND")) {
        backendSeen = true;
      }
      if (sv.equals("BACKEND") || sv.equals("FRONTEND")) {
        continue;
      }
      out.add(new ServerStat(sv, f[col.get("status")], f[col.get("check_status")], num(f, col, "scur"),
          num(f, col, "stot"), num(f, col, "hrsp_1xx") + num(f, col, "hrsp_2xx") + num(f, col, "hrsp_3xx")
          + num(f, col, "hrsp_4xx") + num(f, col, "hrsp_5xx") + num(f, col, "hrsp_other"),
          num(f, col, "hrsp_5xx"), num(f, col, "econ"), num(f, col, "eresp")));
    }
    if (!backendSeen) {
      throw new IOException(address + ": HAProxy has no backend '" + backend + "'");
    }
    return out;
  }

  /** The servers of a backend, from {@code show servers state}. */
  public List<ServerState> serversState(String backend) throws IOException {
    String answer = execute("show servers state " + name(backend));
    List<ServerState> out = new ArrayList<>();
    for (String line : answer.lines().toList()) {
      if (line.isBlank() || line.startsWith("#") || !line.contains(" ")) {
        continue;
      }
      String[] f = line.trim().split(" ");
      if (f.length > 6 && f[1].equals(backend)) {
        out.add(new ServerState(f[3], Integer.parseInt(f[5]), Integer.parseInt(f[6])));
      }
    }
    if (out.isEmpty()) {
      throw new IOException(address + ": 'show servers state " + backend + "' answered " + abbreviate(answer));
    }
    return out;
  }

  /** {@code set server <backend>/<server> state ready|drain|maint}. */
  public void setState(String backend, String server, String state) throws IOException {
    if (!List.of("ready", "drain", "maint").contains(state)) {
      throw new IllegalArgumentException("state must be ready, drain or maint: " + state);
    }
    expectEmpty("set server " + name(backend) + "/" + name(server) + " state " + state);
  }

  /** {@code shutdown sessions server <backend>/<server>}: cuts the server's open sessions. */
  public void shutdownSessions(String backend, String server) throws IOException {
    expectEmpty("shutdown sessions server " + name(backend) + "/" + name(server));
  }

  private void expectEmpty(String command) throws IOException {
    String answer = execute(command).trim();
    if (!answer.isEmpty()) {
      throw new IOException(address + ": '" + command + "' refused: " + abbreviate(answer));
    }
  }

  /** Sends one command and reads the whole answer, within the timeout. */
  public String execute(String command) throws IOException {
    if (command.contains("\n") || command.contains(";")) {
      throw new IllegalArgumentException("one command at a time");
    }
    long end = System.nanoTime() + TIMEOUT.toNanos();
    SocketAddress target = target();
    try (SocketChannel ch = target instanceof UnixDomainSocketAddress
        ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        Selector selector = Selector.open()) {
      ch.configureBlocking(false);
      if (!ch.connect(target)) {
        ch.register(selector, SelectionKey.OP_CONNECT);
        if (selector.select(TIMEOUT.toMillis()) == 0 || !ch.finishConnect()) {
          throw new IOException("connect timed out");
        }
        selector.selectedKeys().clear();
      }
      ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ch.register(selector, SelectionKey.OP_READ);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      while (true) {
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new IOException("no complete answer within " + TIMEOUT.toMillis() + " ms");
        }
        selector.select(left);
        selector.selectedKeys().clear();
        int n = ch.read(buf);
        if (n < 0) {
          return answer.toString(StandardCharsets.UTF_8);
        }
        buf.flip();
        answer.write(buf.array(), 0, buf.limit());
        buf.clear();
      }
    } catch (IOException e) {
      throw new IOException("HAProxy runtime API " + address + ", '" + command + "': " + e.getMessage(), e);
    }
  }

  private SocketAddress target() {
    if (!address.startsWith("/") && address.matches(".+:[0-9]+")) {
      int colon = address.lastIndexOf(':');
      return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }
    return UnixDomainSocketAddress.of(Path.of(address));
  }

  private static String name(String n) {
    if (n == null || !NAME.matcher(n).matches()) {
      throw new IllegalArgumentException("not a valid HAProxy name: " + n);
    }
    return n;
  }

  private static long num(String[] f, Map<String, Integer> col, String name) {
    Integer i = col.get(name);
    if (i == null || f[i].isEmpty()) {
      return 0;
    }
    return Long.parseLong(f[i]);
  }

  private static String abbreviate(String s) {
    String t = s.trim().replace('\n', ' ');
    return t.isEmpty() ? "nothing" : t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
