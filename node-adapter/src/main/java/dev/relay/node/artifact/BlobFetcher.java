package dev.relay.node.artifact;

import dev.relay.node.config.RelayConfig;
import dev.relay.node.jobs.JobFailure;
import dev.relay.sandbox.release.Digests;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Fetches a release archive by digest from artifact-service ({@code GET {relay.artifact-service.url}/blobs/{digest}}),
 * the only source node-adapter pulls from. Streams to a temp file while hashing with SHA-256 and decides: bytes whose
 * hash differs from the requested digest are deleted and refused ("digest mismatch: expected X, received Y").
 */
@ApplicationScoped
public class BlobFetcher {

  private final URI base;
  private final long maxBytes;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public BlobFetcher(RelayConfig config) {
    String url = config.artifactService().url().toString();
    this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    this.maxBytes = config.node().maxBlobBytes();
  }

  /** The archive in a temp file whose SHA-256 equals the digest; the caller deletes it. */
  public Path fetch(String digest, Duration timeout) throws IOException {
    String wanted = Digests.canonical(digest);
    URI uri = URI.create(base + "/blobs/" + wanted);
    HttpRequest req = HttpRequest.newBuilder(uri).timeout(timeout.isNegative() || timeout.isZero()
        ? Duration.ofMillis(1) : timeout).GET().build();
    HttpResponse<InputStream> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("fetching " + uri + " was interrupted");
    } catch (IOException e) {
      throw new IOException("artifact-service at " + base + " did not answer for " + wanted + ": " + e, e);
    }
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        String body = new String(in.readNBytes(300), StandardCharsets.UTF_8);
        throw new JobFailure("artifact-service answered HTTP " + r.statusCode() + " for blob " + wanted + ": " + body);
      }
      Path tmp = Files.createTempFile("relay-blob-", ".tar.gz");
      try {
        String received = copyHashing(in, tmp);
        if (!received.equals(wanted)) {
          throw new JobFailure("digest mismatch: expected " + wanted + ", received " + received);
        }
        return tmp;
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
    }
  }

  private String copyHashing(InputStream in, Path target) throws IOException {
    MessageDigest md = Digests.sha256();
    long total = 0;
    try (OutputStream out = Files.newOutputStream(target)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > maxBytes) {
          throw new JobFailure("blob larger than relay.node.max-blob-bytes (" + maxBytes + ")");
        }
        md.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    }
    return Digests.PREFIX + HexFormat.of().formatHex(md.digest());
  }
}
