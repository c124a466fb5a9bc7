package io.dhcpfailover.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API endpoint people and kubectl use: every request goes on to the mock API server unchanged,
 * except a watch over plain HTTP ({@code GET ...?watch=true}, as {@code kubectl get -w} sends it),
 * which the mock serves only over WebSocket. Such a watch is answered here with a streamed
 * response of watch events, one JSON object per line as a real API server sends them, found by
 * listing the resource every {@link #POLL} and comparing resource versions; when the request asks
 * for a Table, each event's object is the mock's one-row Table of that object. The operator and
 * the nodes, whose client watches over WebSocket, talk to the mock directly.
 */
public final class ApiFront implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiFront.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration POLL = Duration.ofMillis(500);
  /** The longest a watch stays open without a {@code timeoutSeconds}, as a real server's limit. */
  static final Duration LONGEST_WATCH = Duration.ofMinutes(30);
  /** Headers the JDK client sets itself or refuses, and hop-by-hop headers. */
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "connection", "content-length", "upgrade", "expect", "keep-alive",
          "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");
  private static final Set<String> WATCH_PARAMS =
      Set.of("watch", "resourceVersion", "resourceVersionMatch", "allowWatchBookmarks",
          "timeoutSeconds", "sendInitialEvents");
  private static final Pattern NAME_SELECTOR = Pattern.compile("metadata\\.name(?:=|%3D)+([^,&]+)");

  private final URI backend;
  private final HttpClient client;
  private final HttpServer server;
  private final ExecutorService threads;
  private volatile boolean closed;

  /**
   * Listens on {@code address}, port 0 (any free one), and forwards to {@code backend} (for
   * instance {@code http://198.18.0.1:43210}).
   */
  public ApiFront(String address, URI backend) throws IOException {
    this.backend = backend;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "api-front");
      t.setDaemon(true);
      return t;
    });
    this.server = HttpServer.create(new InetSocketAddress(address, 0), 64);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) {
    try {
      String query = ex.getRequestURI().getRawQuery();
      Map<String, String> params = params(query);
      boolean watch = "true".equals(params.get("watch")) || "1".equals(params.get("watch"));
      if ("GET".equals(ex.getRequestMethod()) && watch) {
        streamWatch(ex, params);
      } else {
        forward(ex);
      }
    } catch (IOException e) {
      LOG.debug("API_FRONT_CLIENT_GONE {} {}: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("API_FRONT_FAILED {} {}: {}", ex.getRequestMethod(), ex.getRequestURI(), e.toString());
    } finally {
      ex.close();
    }
  }

  private void forward(HttpExchange ex) throws IOException, InterruptedException {
    byte[] body = ex.getRequestBody().readAllBytes();
    HttpRequest.Builder request = HttpRequest.newBuilder(backend.resolve(ex.getRequestURI().toString()))
        .timeout(Duration.ofSeconds(60))
        .method(ex.getRequestMethod(), body.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      byte[] error = statusJson(503, "ServiceUnavailable", "the lab's API server: " + e.getMessage());
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(503, error.length);
      ex.getResponseBody().write(error);
      return;
    }
    response.headers().map().forEach((name, values) -> {
      if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        ex.getResponseHeaders().put(name, values);
      }
    });
    byte[] answer = response.body();
    ex.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      ex.getResponseBody().write(answer);
    }
  }

  /**
   * Events after the client's {@code resourceVersion} (those seen in the first list as MODIFIED or
   * ADDED), then every change until the client goes, the timeout passes or the lab stops.
   */
  private void streamWatch(HttpExchange ex, Map<String, String> params)
      throws IOException, InterruptedException {
    String path = ex.getRequestURI().getRawPath();
    String listQuery = listQuery(ex.getRequestURI().getRawQuery());
    String accept = ex.getRequestHeaders().getFirst("Accept");
    boolean table = accept != null && accept.contains("as=Table");
    String onlyName = null;
    Matcher m = NAME_SELECTOR.matcher(params.getOrDefault("fieldSelector", ""));
    if (m.find()) {
      onlyName = m.group(1);
    }
    long since = parseLong(params.get("resourceVersion"));
    long timeout = parseLong(params.get("timeoutSeconds"));
    long end = System.nanoTime()
        + (timeout > 0 ? Duration.ofSeconds(timeout) : LONGEST_WATCH).toNanos();

    Map<String, JsonNode> first = list(path, listQuery, onlyName);
    if (first == null) {
      forward(ex); // not a list the mock knows: let it answer (an error) as it does
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    Map<String, JsonNode> known = new LinkedHashMap<>();
    Map<String, Object> lastRows = new LinkedHashMap<>();
    for (var e : first.entrySet()) {
      if (since > 0 && parseLong(rv(e.getValue())) > since) {
        send(out, "MODIFIED", e.getValue(), path, table, lastRows);
      } else if (since <= 0) {
        send(out, "ADDED", e.getValue(), path, table, lastRows);
      }
      known.put(e.getKey(), e.getValue());
    }
    out.flush();
    while (!closed && System.nanoTime() < end) {
      Thread.sleep(POLL.toMillis());
      Map<String, JsonNode> now = list(path, listQuery, onlyName);
      if (now == null) {
        break;
      }
      for (var e : now.entrySet()) {
        JsonNode before = known.get(e.getKey());
        if (before == null) {
          send(out, "ADDED", e.getValue(), path, table, lastRows);
        } else if (!rv(before).equals(rv(e.getValue()))) {
          send(out, "MODIFIED", e.getValue(), path, table, lastRows);
        }
      }
      for (var e : known.entrySet()) {
        if (!now.containsKey(e.getKey())) {
          Object row = lastRows.remove(e.getKey());
          write(out, "DELETED", row != null ? row : e.getValue());
        }
      }
      known = now;
      out.flush(); // also finds a client that has gone: the write fails
    }
  }

  /** The objects of the list at {@code path}, by namespace/name; null when it is no list. */
  private Map<String, JsonNode> list(String path, String query, String onlyName)
      throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(
        HttpRequest.newBuilder(backend.resolve(path + (query.isEmpty() ? "" : "?" + query)))
            .timeout(Duration.ofSeconds(30)).header("Accept", "application/json").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return null;
    }
    JsonNode body = JSON.readTree(r.body());
    if (!body.has("items")) {
      return null;
    }
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode item : body.path("items")) {
      String name = item.path("metadata").path("name").asText();
      if (onlyName == null || onlyName.equals(name)) {
        byName.put(item.path("metadata").path("namespace").asText() + "/" + name, item);
      }
    }
    return byName;
  }

  private void send(OutputStream out, String type, JsonNode object, String listPath, boolean table,
      Map<String, Object> lastRows) throws IOException, InterruptedException {
    Object payload = object;
    if (table) {
      JsonNode one = tableOf(listPath, object);
      if (one != null) {
        payload = one;
        lastRows.put(key(object), one);
      }
    }
    write(out, type, payload);
  }

  /** The mock's one-row Table of {@code object}, or null when it serves none for this kind. */
  private JsonNode tableOf(String listPath, JsonNode object) throws IOException, InterruptedException {
    String path = listPath.replaceAll("/+$", "") + "/" + object.path("metadata").path("name").asText();
    HttpResponse<String> r = client.send(
        HttpRequest.newBuilder(backend.resolve(path)).timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
            .GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      return null;
    }
    JsonNode body = JSON.readTree(r.body());
    return "Table".equals(body.path("kind").asText()) ? body : null;
  }

  private static void write(OutputStream out, String type, Object object) throws IOException {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", type);
    event.put("object", object);
    out.write(JSON.writeValueAsBytes(event));
    out.write('\n');
  }

  private static String key(JsonNode object) {
    return object.path("metadata").path("namespace").asText() + "/"
        + object.path("metadata").path("name").asText();
  }

  private static String rv(JsonNode object) {
    return object.path("metadata").path("resourceVersion").asText("");
  }

  static Map<String, String> params(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String kv : rawQuery.split("&")) {
      int eq = kv.indexOf('=');
      String k = java.net.URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(k, v);
    }
    return params;
  }

  /** The query without the watch's own parameters: what lists the same objects. */
  static String listQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String> kept = new ArrayList<>();
    for (String kv : rawQuery.split("&")) {
      int eq = kv.indexOf('=');
      String k = java.net.URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      if (!WATCH_PARAMS.contains(k)) {
        kept.add(kv);
      }
    }
    return String.join("&", kept);
  }

  private static long parseLong(String s) {
    try {
      return s == null || s.isEmpty() ? 0 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static byte[] statusJson(int code, String reason, String message) {
    try {
      return JSON.writeValueAsBytes(Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure",
          "code", code, "reason", reason, "message", message));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    threads.shutdownNow();
  }
}
