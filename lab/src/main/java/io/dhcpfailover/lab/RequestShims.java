package io.dhcpfailover.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Two answers of {@link DiscoveryCrudDispatcher} beyond discovery: events by field selector (for
 * {@code kubectl describe}) and self subject reviews (for the operator's leader election).
 */
final class RequestShims {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RequestShims() {}

  /**
   * The answer to a self subject rules or access review (the operator's leader election asks
   * before it starts): this server has no authorization, so everything is allowed, which is what
   * the review then says. Null for any other request.
   */
  static MockResponse accessReview(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    boolean rules = path.equals("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews");
    boolean access = path.equals("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
    if (!rules && !access) {
      return null;
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.getUtf8Body());
    } catch (IOException | RuntimeException e) {
      return DiscoveryCrudDispatcher.json(400, DiscoveryCrudDispatcher.status(400, "BadRequest", "not a JSON review: " + e.getMessage()));
    }
    Map<String, Object> review = new LinkedHashMap<>();
    review.put("kind", rules ? "SelfSubjectRulesReview" : "SelfSubjectAccessReview");
    review.put("apiVersion", "authorization.k8s.io/v1");
    review.put("metadata", Map.of());
    review.put("spec", body == null ? Map.of() : body.path("spec"));
    if (rules) {
      review.put("status", Map.of(
          "resourceRules", List.of(Map.of("verbs", List.of("*"), "apiGroups", List.of("*"),
              "resources", List.of("*"))),
          "nonResourceRules", List.of(Map.of("verbs", List.of("*"), "nonResourceURLs",
              List.of("*"))),
          "incomplete", false));
    } else {
      review.put("status", Map.of("allowed", true, "reason", "the lab's API server has no"
          + " authorization"));
    }
    return DiscoveryCrudDispatcher.json(201, review);
  }

  private static final Pattern EVENTS_PATH = Pattern.compile("/api/v1(?:/namespaces/[^/]+)?/events");

  /**
   * A list of events with a field selector ({@code kubectl describe} asks for the events of one
   * object by {@code involvedObject.name}, {@code .namespace}, {@code .kind} and {@code .uid}),
   * filtered here: the CRUD mock knows no field selectors. Null for any other request.
   */
  static MockResponse eventsByField(
      String path, String queryString, Function<String, MockResponse> storedGet) {
    if (!EVENTS_PATH.matcher(path).matches() || queryString.contains("watch=")) {
      return null;
    }
    String selector = null;
    for (String param : queryString.split("&")) {
      if (param.startsWith("fieldSelector=")) {
        selector = URLDecoder.decode(param.substring("fieldSelector=".length()),
            StandardCharsets.UTF_8);
      }
    }
    if (selector == null || selector.isBlank()) {
      return null;
    }
    MockResponse stored = storedGet.apply(path);
    if (stored.code() != 200) {
      return stored;
    }
    JsonNode list = DiscoveryCrudDispatcher.read(stored.getBody().readUtf8());
    ArrayNode kept = JSON.createArrayNode();
    for (JsonNode event : list.path("items")) {
      if (matchesFields(event, selector)) {
        kept.add(event);
      }
    }
    ObjectNode typed = (ObjectNode) list;
    typed.set("items", kept);
    typed.put("kind", "EventList"); // the mock says List, which kubectl's typed client drops
    typed.put("apiVersion", "v1");
    return DiscoveryCrudDispatcher.json(200, typed);
  }

  /** {@code a.b=v}, {@code a.b==v} and {@code a.b!=v} terms, comma-separated, all holding. */
  static boolean matchesFields(JsonNode object, String selector) {
    for (String term : selector.split(",")) {
      boolean negated = term.contains("!=");
      String[] kv = term.split(negated ? "!=" : "==?", 2);
      if (kv.length != 2) {
        return false;
      }
      JsonNode node = object;
      for (String key : kv[0].trim().split("\\.")) {
        node = node.path(key);
      }
      String value = node.isValueNode() ? node.asText() : "";
      if (value.equals(kv[1].trim()) == negated) {
        return false;
      }
    }
    return true;
  }
}
