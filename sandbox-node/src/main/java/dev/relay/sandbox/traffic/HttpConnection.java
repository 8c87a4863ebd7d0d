package dev.relay.sandbox.traffic;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One keep-alive HTTP/1.1 client connection on a plain socket, so that every failure is seen as it is: a refused
 * connect, a reset, an end of stream where an answer was due, a timeout. Decides nothing about retries: the caller
 * counts. Reads bodies framed by Content-Length or chunked encoding; honours "Connection: close".
 */
public final class HttpConnection implements AutoCloseable {

  /** An answer: status code, body, and whether the server will close the connection after it. */
  public record Answer(int status, String body, boolean closing) {}

  private final String host;
  private final int port;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  public HttpConnection(String host, int port, int connectTimeoutMs, int readTimeoutMs) {
    this.host = host;
    this.port = port;
    this.connectTimeoutMs = connectTimeoutMs;
    this.readTimeoutMs = readTimeoutMs;
  }

  /** Whether a connection is open (the next request reuses it). */
  public boolean open() {
    return socket != null;
  }

  /** Sends one request and reads the whole answer. */
  public Answer request(String method, String path) throws IOException {
    return exchange(method, path, null);
  }

  /** Sends one request and hands every line of the (streamed) body to lines as it arrives; returns the status. */
  public Answer stream(String path, Consumer<String> lines) throws IOException {
    return exchange("GET", path, lines);
  }

  private Answer exchange(String method, String path, Consumer<String> lines) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(readTimeoutMs);
      socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }
    out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
        + (method.equals("POST") || method.equals("PUT") ? "Content-Length: 0\r\n" : "") + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    String statusLine = line();
    if (statusLine == null) {
      throw new EOFException("connection closed before the status line");
    }
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean closing = parts[0].equals("HTTP/1.0");
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closing = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    String body;
    if (chunked) {
      body = chunkedBody(lines);
    } else if (length >= 0) {
      byte[] bytes = in.readNBytes((int) length);
      if (bytes.length < length) {
        throw new EOFException("body cut after " + bytes.length + " of " + length + " bytes");
      }
      body = new String(bytes, StandardCharsets.UTF_8);
      if (lines != null) {
        body.lines().forEach(lines);
      }
    } else {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      closing = true;
    }
    if (closing) {
      close();
    }
    return new Answer(status, body, closing);
  }

  private String chunkedBody(Consumer<String> lines) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    StringBuilder pending = new StringBuilder();
    while (true) {
      String sizeLine = line();
      if (sizeLine == null) {
        throw new EOFException("connection closed inside a chunked body");
      }
      int semi = sizeLine.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      if (size == 0) {
        for (String t = line(); t != null && !t.isEmpty(); t = line()) {
          // trailers: none expected
        }
        break;
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new EOFException("connection closed inside a chunk");
      }
      line();
      all.write(chunk);
      if (lines != null) {
        pending.append(new String(chunk, StandardCharsets.UTF_8));
        for (int nl; (nl = pending.indexOf("\n")) >= 0; ) {
          lines.accept(pending.substring(0, nl));
          pending.delete(0, nl + 1);
        }
      }
    }
    if (lines != null && pending.length() > 0) {
      lines.accept(pending.toString());
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  /** One CRLF-terminated line, or null at the end of the stream before any byte. */
  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (sb.length() == 0) {
          return null;
        }
        throw new EOFException("connection closed inside a line");
      }
      if (b == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) b);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
      in = null;
      out = null;
    }
  }
}
