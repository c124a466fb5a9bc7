package io.dhcpfailover.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pod proxy shim forwards to a real HTTP server on loopback, the stored pod's IP. */
class PodProxyTest {
  KubernetesMockServer server;
  KubernetesClient client;
  HttpServer pod;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws Exception {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new DiscoveryCrudDispatcher("1.34.0"), false);
    server.init();
    client = server.createClient();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("dhcp")
        .endMetadata().build()).create();
    pod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
    pod.createContext("/", ex -> {
      byte[] body = (ex.getRequestMethod() + " " + ex.getRequestURI() + " "
          + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/missing") ? 404 : 200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    pod.start();
    client.pods().inNamespace("dhcp").resource(new PodBuilder().withNewMetadata()
        .withName("campus-a-primary-0").endMetadata().withNewSpec().addNewContainer()
        .withName("node").addNewPort().withContainerPort(pod.getAddress().getPort()).endPort()
        .endContainer().endSpec().withNewStatus().withPodIP("127.0.0.1").endStatus().build())
        .create();
    client.pods().inNamespace("dhcp").resource(new PodBuilder().withNewMetadata()
        .withName("pending-0").endMetadata().build()).create();
  }

  @AfterEach
  void tearDown() {
    pod.stop(0);
    client.close();
    server.destroy();
  }

  @Test
  void forwardsMethodPathQueryAndBodyAndReturnsThePodsAnswer() throws Exception {
    int port = pod.getAddress().getPort();
    HttpResponse<String> get = send("GET",
        "/api/v1/namespaces/dhcp/pods/campus-a-primary-0:" + port + "/proxy/leases?mac=02:00:00:00:00:01", null);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("GET /leases?mac=02:00:00:00:00:01 ");
    HttpResponse<String> post = send("POST",
        "/api/v1/namespaces/dhcp/pods/campus-a-primary-0:" + port + "/proxy/failover/partner-down", "x");
    assertThat(post.body()).isEqualTo("POST /failover/partner-down x");
    // no port: the first container port; the pod's own status code passes through
    HttpResponse<String> missing = send("GET",
        "/api/v1/namespaces/dhcp/pods/campus-a-primary-0/proxy/missing", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).startsWith("GET /missing");
  }

  @Test
  void missingPodsPodsWithoutAnIpAndClosedPortsAreTheApiServersErrors() throws Exception {
    assertThat(send("GET", "/api/v1/namespaces/dhcp/pods/nope-0:8067/proxy/status", null))
        .satisfies(r -> {
          assertThat(r.statusCode()).isEqualTo(404);
          assertThat(r.body()).contains("\"kind\":\"Status\"", "pods \\\"nope-0\\\" not found");
        });
    assertThat(send("GET", "/api/v1/namespaces/dhcp/pods/pending-0:8067/proxy/status", null)
        .statusCode()).isEqualTo(503);
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    HttpResponse<String> refused = send("GET",
        "/api/v1/namespaces/dhcp/pods/campus-a-primary-0:" + closed + "/proxy/status", null);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.body()).contains("error trying to reach service");
    assertThat(send("GET", "/api/v1/namespaces/dhcp/pods/campus-a-primary-0:http/proxy/status", null)
        .statusCode()).isEqualTo(400);
    // the pod itself is still served as before
    assertThat(send("GET", "/api/v1/namespaces/dhcp/pods/campus-a-primary-0", null).body())
        .contains("\"podIP\":\"127.0.0.1\"");
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.url(path)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
