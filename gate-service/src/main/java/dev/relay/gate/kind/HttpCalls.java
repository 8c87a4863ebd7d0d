package dev.relay.gate.kind;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP calls for gates, each bounded as a whole (connect, headers and body) by the gate's timeout. Decides how a
 * failed call is described: {@link CallFailed} carries a reason fit for a GateFailed.
 */
public final class HttpCalls {

  /** The call did not produce a response; the message is the reason. */
  public static final class CallFailed extends Exception {
    public CallFailed(String reason) {
      super(reason);
    }
  }

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  public HttpResponse<String> get(String url, Optional<String> token, Duration timeout) throws CallFailed {
    return send(request(url, token, timeout).GET().build(), timeout);
  }

  public HttpResponse<String> post(String url, Optional<String> token, Duration timeout) throws CallFailed {
    return send(request(url, token, timeout).POST(HttpRequest.BodyPublishers.noBody()).build(), timeout);
  }

  private static HttpRequest.Builder request(String url, Optional<String> token, Duration timeout) throws CallFailed {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json");
    } catch (IllegalArgumentException e) {
      throw new CallFailed("bad URL " + url + ": " + e.getMessage());
    }
    token.filter(t -> !t.isBlank()).ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private HttpResponse<String> send(HttpRequest request, Duration timeout) throws CallFailed {
    CompletableFuture<HttpResponse<String>> f = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      return f.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new CallFailed(request.method() + " " + request.uri() + " got no answer within " + timeout.toMillis()
          + " ms");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new CallFailed(request.method() + " " + request.uri() + " was interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      String why = c == null ? e.toString() : c.getClass().getSimpleName()
          + (c.getMessage() == null ? "" : ": " + c.getMessage());
      throw new CallFailed(request.method() + " " + request.uri() + " failed (unreachable?): " + why);
    }
  }
}
