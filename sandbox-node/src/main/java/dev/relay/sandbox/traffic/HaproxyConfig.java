package dev.relay.sandbox.traffic;

import java.nio.file.Path;
import java.util.List;

/**
 * The HAProxy configuration of a local blue-green virtual IP: a frontend on loopback, one backend with the blue
 * servers enabled and the green servers {@code disabled} (server names = node ids), HTTP checks of each node's
 * {@code /ready}, a runtime API socket at admin level (with {@code expose-fd listeners} for seamless reloads) and a
 * server-state file, so that state set through the runtime API survives a reload. The backend closes the server
 * side after each request ({@code http-server-close}): a client's keep-alive connection is not bound to a server, so
 * its next request follows a switch, and a drained server keeps only the requests it is answering.
 *
 * @param backend the backend's name
 * @param frontendPort the port on 127.0.0.1 that clients call
 * @param socket the runtime API socket path
 * @param stateFile the server-state file
 * @param blue the servers that serve at start
 * @param green the servers that start in maintenance
 * @param checkIntervalMs interval of the health checks
 */
public record HaproxyConfig(String backend, int frontendPort, Path socket, Path stateFile, List<Server> blue,
    List<Server> green, int checkIntervalMs) {

  /** A server: its name (the node id) and its port on 127.0.0.1. */
  public record Server(String name, int port) {}

  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("# written by relay's HaproxyProcess; runtime state lives in the server-state file\n");
    sb.append("global\n");
    sb.append("  stats socket ").append(socket.toAbsolutePath()).append(" mode 600 level admin expose-fd listeners\n");
    sb.append("  stats timeout 10s\n");
    sb.append("  server-state-file ").append(stateFile.toAbsolutePath()).append('\n');
    sb.append("  maxconn 4096\n");
    sb.append("defaults\n");
    sb.append("  mode http\n");
    sb.append("  timeout connect 2s\n");
    sb.append("  timeout client 120s\n");
    sb.append("  timeout server 120s\n");
    sb.append("  timeout http-keep-alive 120s\n");
    sb.append("  load-server-state-from-file global\n");
    sb.append("frontend vip\n");
    sb.append("  bind 127.0.0.1:").append(frontendPort).append('\n');
    sb.append("  default_backend ").append(backend).append('\n');
    sb.append("backend ").append(backend).append('\n');
    sb.append("  balance roundrobin\n");
    sb.append("  option http-server-close\n");
    sb.append("  option httpchk GET /ready\n");
    sb.append("  http-check expect status 200\n");
    sb.append("  default-server inter ").append(checkIntervalMs).append("ms fall 2 rise 2\n");
    for (Server s : blue) {
      sb.append("  server ").append(s.name()).append(" 127.0.0.1:").append(s.port()).append(" check\n");
    }
    for (Server s : green) {
      sb.append("  server ").append(s.name()).append(" 127.0.0.1:").append(s.port()).append(" check disabled\n");
    }
    return sb.toString();
  }
}
