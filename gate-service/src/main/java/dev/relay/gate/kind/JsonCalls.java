package dev.relay.gate.kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * JSON from an upstream service for a builtin gate. Decides what counts as an answer: HTTP 200 with a JSON body;
 * anything else is a {@link HttpCalls.CallFailed} whose message names the URL, the status and the body's start.
 */
public final class JsonCalls {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpCalls http;

  public JsonCalls(HttpCalls http) {
    this.http = http;
  }

  public JsonNode get(String url, Optional<String> token, Duration timeout) throws HttpCalls.CallFailed {
    return read("GET", url, http.get(url, token, timeout));
  }

  public JsonNode post(String url, Optional<String> token, Duration timeout) throws HttpCalls.CallFailed {
    return read("POST", url, http.post(url, token, timeout));
  }

  private static JsonNode read(String method, String url, HttpResponse<String> r) throws HttpCalls.CallFailed {
    if (r.statusCode() != 200) {
      throw new HttpCalls.CallFailed(method + " " + url + " answered HTTP " + r.statusCode()
          + ClusterHealthGate.bodyHint(r.body()));
    }
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n == null || n.isMissingNode()) {
        throw new HttpCalls.CallFailed(method + " " + url + " answered an empty body");
      }
      return n;
    } catch (HttpCalls.CallFailed e) {
      throw e;
    } catch (Exception e) {
      throw new HttpCalls.CallFailed(method + " " + url + " answered what is not JSON"
          + ClusterHealthGate.bodyHint(r.body()));
    }
  }

  /** The base URL without a trailing slash. */
  public static String base(String url) {
    return ClusterHealthGate.stripSlash(url);
  }
}
