package dev.relay.gate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Test helper: sets the fake node-adapter's health figure. */
public final class Upstreams {

  private Upstreams() {}

  public static void setHealth(String baseUrl, int percent) throws Exception {
    HttpResponse<Void> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/control/health/" + percent))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 204) {
      throw new IllegalStateException("fake upstream control answered " + r.statusCode());
    }
  }
}
