package io.dhcpfailover.node.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP endpoint: {@code /healthz} (the process works), {@code /readyz} (it fulfils its
 * role now, see {@link Readiness}), {@code /status} (JSON), {@code /metrics} (Prometheus text) and
 * what a node adds with {@link #get} and {@link #post} ({@code /leases}, {@code /failover/partner-down}).
 * Plain JDK HTTP server, two threads: it must never compete with DHCP for much.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

  private final HttpServer server;

  public HttpEndpoint(
      InetSocketAddress address,
      BooleanSupplier healthy,
      BooleanSupplier ready,
      Supplier<String> statusJson,
      Supplier<String> metrics)
      throws IOException {
    server = HttpServer.create(address, 16);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/healthz", ex -> probe(ex, healthy));
    server.createContext("/readyz", ex -> probe(ex, ready));
    server.createContext("/status", ex -> body(ex, "application/json", statusJson));
    server.createContext("/metrics", ex -> body(ex, "text/plain; version=0.0.4; charset=utf-8", metrics));
  }

  /** An answer of a {@link #get} handler. */
  public record Reply(int code, String type, String body) {}

  /** Adds a read-only GET handler that answers from the request's raw query string (or null). */
  public void get(String path, Function<String, Reply> handler) {
    server.createContext(path, ex -> {
      if (!"GET".equals(ex.getRequestMethod())) {
        respond(ex, 405, "text/plain", "use GET\n");
        return;
      }
      Reply reply;
      try {
        reply = handler.apply(ex.getRequestURI().getRawQuery());
      } catch (RuntimeException e) {
        LOG.warn("HTTP_HANDLER_FAILED path={}", ex.getRequestURI(), e);
        reply = new Reply(500, "text/plain", "internal error: " + e + "\n");
      }
      respond(ex, reply.code(), reply.type(), reply.body());
    });
  }

  /** Adds a POST handler (administrative actions). */
  public void post(String path, Supplier<String> action) {
    server.createContext(path, ex -> {
      if (!"POST".equals(ex.getRequestMethod())) {
        respond(ex, 405, "text/plain", "use POST\n");
        return;
      }
      try {
        respond(ex, 200, "text/plain", action.get());
      } catch (RuntimeException e) {
        respond(ex, 409, "text/plain", e.getMessage() + "\n");
      }
    });
  }

  public void start() {
    server.start();
    LOG.info("HTTP_LISTEN address={}", server.getAddress());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void body(HttpExchange ex, String type, Supplier<String> content) throws IOException {
    String text;
    try {
      text = content.get();
    } catch (RuntimeException e) {
      LOG.warn("HTTP_HANDLER_FAILED path={}", ex.getRequestURI(), e);
      respond(ex, 500, "text/plain", "internal error: " + e + "\n");
      return;
    }
    respond(ex, 200, type, text);
  }

  private static void probe(HttpExchange ex, BooleanSupplier check) throws IOException {
    boolean ok;
    try {
      ok = check.getAsBoolean();
    } catch (RuntimeException e) {
      ok = false;
    }
    respond(ex, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ready\n");
  }

  private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
    try (ex) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(code, bytes.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
