package io.dhcpfailover.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's pod proxy, {@code /api/v1/namespaces/NS/pods/[SCHEME:]NAME[:PORT]/proxy/PATH},
 * as a real API server has it: the request (method, path below {@code proxy}, query, body) goes to
 * the pod's IP ({@code status.podIP}, where the lab's pod runner runs it) and port (the first
 * container port when none is named), and the pod's answer comes back as it is. A missing pod is
 * 404, a pod without an IP or that does not answer is 503, as from a real API server. Only http.
 * The request blocks the server's thread for at most {@link #TIMEOUT}: the pods' HTTP endpoints
 * answer in milliseconds.
 */
final class PodProxy {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Pattern PROXY_PATH = Pattern.compile(
      "/api/v1/namespaces/([^/]+)/pods/(?:(https?):)?([^/:]+)(?::([^/]*))?/proxy(/.*)?");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private PodProxy() {}

  /** Whether {@code path} (without its query) is a pod proxy path. */
  static boolean matches(String path) {
    return PROXY_PATH.matcher(path).matches();
  }

  /**
   * Forwards a pod proxy request; null when {@code request} is not one.
   *
   * @param storedGet the stored object at an API path (the mock's own GET)
   */
  static MockResponse forward(RecordedRequest request, Function<String, MockResponse> storedGet) {
    String full = request.getPath();
    int q = full.indexOf('?');
    String path = q < 0 ? full : full.substring(0, q);
    Matcher m = PROXY_PATH.matcher(path);
    if (!m.matches()) {
      return null;
    }
    String namespace = m.group(1);
    String scheme = m.group(2);
    String name = m.group(3);
    String port = m.group(4);
    if ("https".equals(scheme)) {
      return failure(503, "ServiceUnavailable", "this server proxies to pods over http only");
    }
    if (!METHODS.contains(request.getMethod())) {
      return failure(405, "MethodNotAllowed", "method " + request.getMethod() + " not allowed");
    }
    MockResponse stored = storedGet.apply("/api/v1/namespaces/" + namespace + "/pods/" + name);
    if (stored.code() != 200) {
      return failure(404, "NotFound", "pods \"" + name + "\" not found");
    }
    JsonNode pod = DiscoveryCrudDispatcher.read(stored.getBody().readUtf8());
    String ip = pod.path("status").path("podIP").asText("");
    if (ip.isEmpty()) {
      return failure(503, "ServiceUnavailable", "address not allowed: pod " + name + " has no IP");
    }
    if (port == null || port.isEmpty()) {
      port = firstContainerPort(pod);
      if (port == null) {
        return failure(503, "ServiceUnavailable", "pod " + name + " names no port");
      }
    }
    if (!port.matches("\\d{1,5}")) {
      return failure(400, "BadRequest", "invalid port \"" + port + "\": this server takes port numbers");
    }
    String target = "http://" + ip + ":" + port + (m.group(5) == null ? "/" : m.group(5))
        + (q < 0 ? "" : full.substring(q));
    try {
      HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(target)).timeout(TIMEOUT);
      String body = request.getUtf8Body();
      out.method(request.getMethod(), body == null || body.isEmpty()
          ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      String type = request.getHeader("Content-Type");
      if (type != null) {
        out.header("Content-Type", type);
      }
      HttpResponse<String> answer = HTTP.send(out.build(), HttpResponse.BodyHandlers.ofString());
      MockResponse response = new MockResponse().setResponseCode(answer.statusCode())
          .setBody(answer.body());
      answer.headers().firstValue("Content-Type").ifPresent(t -> response.setHeader("Content-Type", t));
      return response;
    } catch (IOException | IllegalArgumentException e) {
      return failure(503, "ServiceUnavailable",
          "error trying to reach service: " + target + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure(503, "ServiceUnavailable", "interrupted");
    }
  }

  private static String firstContainerPort(JsonNode pod) {
    for (JsonNode c : pod.path("spec").path("containers")) {
      for (JsonNode p : c.path("ports")) {
        if (p.has("containerPort")) {
          return p.path("containerPort").asText();
        }
      }
    }
    return null;
  }

  private static MockResponse failure(int code, String reason, String message) {
    return DiscoveryCrudDispatcher.json(code, DiscoveryCrudDispatcher.status(code, reason, message));
  }
}
