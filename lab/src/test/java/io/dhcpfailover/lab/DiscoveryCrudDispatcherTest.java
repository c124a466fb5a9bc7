package io.dhcpfailover.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shims kubectl and the operator's process need that the CRUD mock lacks. */
class DiscoveryCrudDispatcherTest {
  KubernetesMockServer server;
  KubernetesClient client;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new DiscoveryCrudDispatcher("1.34.0"), false);
    server.init();
    client = server.createClient();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("dhcp")
        .endMetadata().build()).create();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.destroy();
  }

  @Test
  void eventsAreFilteredByTheFieldSelectorAsDescribeAsks() throws Exception {
    for (String[] e : new String[][] {{"e1", "campus-a", "DhcpFailoverPair"},
        {"e2", "campus-b", "DhcpFailoverPair"}, {"e3", "campus-a", "Pod"}}) {
      client.v1().events().inNamespace("dhcp").resource(new EventBuilder().withNewMetadata()
          .withName(e[0]).endMetadata().withNewInvolvedObject().withName(e[1]).withKind(e[2])
          .withNamespace("dhcp").endInvolvedObject().withReason("Test").build()).create();
    }
    String selector = URLEncoder.encode(
        "involvedObject.name=campus-a,involvedObject.namespace=dhcp,involvedObject.kind=DhcpFailoverPair",
        StandardCharsets.UTF_8);

    JsonNode list = get("/api/v1/namespaces/dhcp/events?fieldSelector=" + selector + "&limit=500");

    assertThat(list.path("kind").asText()).as("kubectl's typed client reads an EventList only")
        .isEqualTo("EventList");
    assertThat(list.path("items")).hasSize(1);
    assertThat(list.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("e1");
    assertThat(get("/api/v1/namespaces/dhcp/events").path("items")).hasSize(3);
  }

  @Test
  void fieldSelectorTerms() throws Exception {
    JsonNode event = new ObjectMapper().readTree(
        "{\"involvedObject\":{\"name\":\"a\",\"kind\":\"Pod\"}}");
    assertThat(RequestShims.matchesFields(event, "involvedObject.name=a")).isTrue();
    assertThat(RequestShims.matchesFields(event, "involvedObject.name==a,involvedObject.kind!=Node")).isTrue();
    assertThat(RequestShims.matchesFields(event, "involvedObject.kind!=Pod")).isFalse();
    assertThat(RequestShims.matchesFields(event, "involvedObject.uid=x")).isFalse();
    assertThat(RequestShims.matchesFields(event, "garbage")).isFalse();
  }

  @Test
  void aSelfSubjectRulesReviewAllowsEverything() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(url("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\","
                + "\"spec\":{\"namespace\":\"dhcp\"}}"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode review = new ObjectMapper().readTree(r.body());
    assertThat(review.path("status").path("resourceRules").get(0).path("verbs").get(0).asText())
        .isEqualTo("*");
    assertThat(review.path("spec").path("namespace").asText()).isEqualTo("dhcp");
  }

  private String url(String path) {
    return client.getMasterUrl().toString().replaceAll("/$", "") + path;
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }
}
