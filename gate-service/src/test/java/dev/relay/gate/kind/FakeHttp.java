package dev.relay.gate.kind;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Test helper: a JDK HttpServer answering every request with a settable status and body. */
final class FakeHttp implements AutoCloseable {

  final AtomicInteger status = new AtomicInteger(200);
  final AtomicReference<String> body = new AtomicReference<>("");
  final AtomicReference<String> lastRequest = new AtomicReference<>();
  private final HttpServer server;

  FakeHttp() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", ex -> {
      lastRequest.set(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
      byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status.get(), b.length == 0 ? -1 : b.length);
      if (b.length > 0) {
        ex.getResponseBody().write(b);
      }
      ex.close();
    });
    server.start();
  }

  FakeHttp answer(int status, String body) {
    this.status.set(status);
    this.body.set(body);
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
