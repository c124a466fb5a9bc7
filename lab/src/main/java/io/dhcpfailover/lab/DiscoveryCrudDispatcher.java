package io.dhcpfailover.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The merge-patch CRUD mock plus what {@code kubectl} needs from an API server that the mock lacks:
 *
 * <ul>
 *   <li>discovery: {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis} and one resource
 *       list per group version. Built-in types are a fixed list of the ones the project uses; custom
 *       resources come from the CRDs stored in the mock, with their short names and categories.
 *   <li>server-side printing: a {@code GET} of custom resources that asks for a {@code Table} gets
 *       one, with the CRD's {@code additionalPrinterColumns} (simple paths and {@code
 *       [?(@.key=="value")]} filters; dates shown as ages as a real API server does).
 *   <li>an OpenAPI v3 index and per group version documents that only say every resource accepts
 *       the {@code fieldValidation} parameter, so kubectl leaves validation to the server, where
 *       the mock accepts everything (schema validation is tested on the generated CRD). {@code
 *       /openapi/v2} answers 404.
 *   <li>field selectors on events, so that {@code kubectl describe} shows an object's events.
 *   <li>the pod proxy ({@code /api/v1/namespaces/NS/pods/NAME:PORT/proxy/...}, {@link PodProxy}):
 *       requests go to the pod's IP, where the lab runs it.
 *   <li>self subject rules and access reviews (a client checking its permissions, as the
 *       operator's leader election does): everything is allowed, as it is on this server.
 * </ul>
 */
public class DiscoveryCrudDispatcher extends MergePatchCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CRD_LIST = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final Pattern CUSTOM_RESOURCE_PATH =
      Pattern.compile(
          "/apis/([^/]+)/([^/]+)/(?:namespaces/([^/]+)/)?([^/]+)(?:/([^/]+))?");

  /** A built-in resource: group version, plural, kind, namespaced, short names. */
  private record BuiltIn(
      String groupVersion, String plural, String kind, boolean namespaced, List<String> shortNames) {}

  private static final List<BuiltIn> BUILT_INS =
      List.of(
          new BuiltIn("v1", "namespaces", "Namespace", false, List.of("ns")),
          new BuiltIn("v1", "configmaps", "ConfigMap", true, List.of("cm")),
          new BuiltIn("v1", "pods", "Pod", true, List.of("po")),
          new BuiltIn("v1", "services", "Service", true, List.of("svc")),
          new BuiltIn("v1", "serviceaccounts", "ServiceAccount", true, List.of("sa")),
          new BuiltIn("v1", "secrets", "Secret", true, List.of()),
          new BuiltIn("v1", "events", "Event", true, List.of("ev")),
          new BuiltIn("v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc")),
          new BuiltIn("apps/v1", "statefulsets", "StatefulSet", true, List.of("sts")),
          new BuiltIn("apps/v1", "deployments", "Deployment", true, List.of("deploy")),
          new BuiltIn("rbac.authorization.k8s.io/v1", "roles", "Role", true, List.of()),
          new BuiltIn("rbac.authorization.k8s.io/v1", "rolebindings", "RoleBinding", true, List.of()),
          new BuiltIn("rbac.authorization.k8s.io/v1", "clusterroles", "ClusterRole", false, List.of()),
          new BuiltIn(
              "rbac.authorization.k8s.io/v1",
              "clusterrolebindings",
              "ClusterRoleBinding",
              false,
              List.of()),
          new BuiltIn("coordination.k8s.io/v1", "leases", "Lease", true, List.of()),
          new BuiltIn(
              "apiextensions.k8s.io/v1",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds")));

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final String serverVersion;

  /** @param serverVersion the version {@code /version} reports, such as {@code 1.34.0} */
  public DiscoveryCrudDispatcher(String serverVersion) {
    this.serverVersion = serverVersion;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse proxied = PodProxy.forward(request, super::handleGet);
    if (proxied != null) {
      return proxied;
    }
    if ("POST".equals(request.getMethod())) {
      MockResponse review = RequestShims.accessReview(request);
      return review != null ? review : super.dispatch(request);
    }
    if (!"GET".equals(request.getMethod())) {
      return super.dispatch(request);
    }
    String full = request.getPath();
    int query = full.indexOf('?');
    String path = query < 0 ? full : full.substring(0, query);
    String queryString = query < 0 ? "" : full.substring(query + 1);
    if (path.endsWith("/") && path.length() > 1) {
      path = path.substring(0, path.length() - 1);
    }
    switch (path) {
      case "/version":
        return json(200, version());
      case "/api":
        return json(200, Map.of("kind", "APIVersions", "versions", List.of("v1"),
            "serverAddressByClientCIDRs", List.of()));
      case "/apis":
        return json(200, groupList());
      case "/openapi/v2":
        return json(404, status(404, "NotFound", "no OpenAPI v2 document on this server"));
      case "/openapi/v3":
        return json(200, openApiRoot());
      default:
        break;
    }
    if (path.startsWith("/openapi/v3/")) {
      Map<String, Object> doc = openApi(path.substring("/openapi/v3/".length()));
      return doc == null
          ? json(404, status(404, "NotFound", "no OpenAPI document for " + path))
          : json(200, doc);
    }
    Map<String, Object> resources = resourceList(path);
    if (resources != null) {
      return json(200, resources);
    }
    MockResponse events = RequestShims.eventsByField(path, queryString, super::handleGet);
    if (events != null) {
      return events;
    }
    String accept = request.getHeader("Accept");
    if (accept != null && accept.contains("as=Table") && !queryString.contains("watch=")) {
      MockResponse table = table(path);
      if (table != null) {
        return table;
      }
    }
    return super.dispatch(request);
  }

  private Map<String, Object> version() {
    String[] parts = serverVersion.split("\\.");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("major", parts[0]);
    v.put("minor", parts[1]);
    v.put("gitVersion", "v" + serverVersion);
    v.put("gitCommit", "0000000000000000000000000000000000000000");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2025-01-01T00:00:00Z");
    v.put("goVersion", "go1.24");
    v.put("compiler", "gc");
    v.put("platform", "linux/amd64");
    return v;
  }

  /** Group version to its resource entries, built-in and custom, in a stable order. */
  private Map<String, List<Map<String, Object>>> resourcesByGroupVersion() {
    Map<String, List<Map<String, Object>>> byGroupVersion = new TreeMap<>();
    for (BuiltIn b : BUILT_INS) {
      byGroupVersion
          .computeIfAbsent(b.groupVersion(), k -> new ArrayList<>())
          .add(resource(b.plural(), singular(b.kind()), b.kind(), b.namespaced(), b.shortNames(),
              List.of()));
    }
    for (JsonNode crd : crds()) {
      JsonNode spec = crd.path("spec");
      JsonNode names = spec.path("names");
      for (JsonNode version : spec.path("versions")) {
        if (!version.path("served").asBoolean(true)) {
          continue;
        }
        String groupVersion = spec.path("group").asText() + "/" + version.path("name").asText();
        List<Map<String, Object>> list =
            byGroupVersion.computeIfAbsent(groupVersion, k -> new ArrayList<>());
        String plural = names.path("plural").asText();
        list.add(
            resource(
                plural,
                names.path("singular").asText(),
                names.path("kind").asText(),
                "Namespaced".equals(spec.path("scope").asText()),
                strings(names.path("shortNames")),
                strings(names.path("categories"))));
        if (version.path("subresources").has("status")) {
          Map<String, Object> status = new LinkedHashMap<>();
          status.put("name", plural + "/status");
          status.put("singularName", "");
          status.put("namespaced", "Namespaced".equals(spec.path("scope").asText()));
          status.put("kind", names.path("kind").asText());
          status.put("verbs", List.of("get", "patch", "update"));
          list.add(status);
        }
      }
    }
    return byGroupVersion;
  }

  private static Map<String, Object> resource(
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", plural);
    r.put("singularName", singular);
    r.put("namespaced", namespaced);
    r.put("kind", kind);
    r.put("verbs", VERBS);
    if (!shortNames.isEmpty()) {
      r.put("shortNames", shortNames);
    }
    if (!categories.isEmpty()) {
      r.put("categories", categories);
    }
    return r;
  }

  private Map<String, Object> groupList() {
    Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
    for (String groupVersion : resourcesByGroupVersion().keySet()) {
      int slash = groupVersion.indexOf('/');
      if (slash < 0) {
        continue; // the core group is under /api
      }
      versionsByGroup
          .computeIfAbsent(groupVersion.substring(0, slash), k -> new ArrayList<>())
          .add(groupVersion.substring(slash + 1));
    }
    List<Map<String, Object>> groups = new ArrayList<>();
    versionsByGroup.forEach(
        (group, versions) -> {
          List<Map<String, Object>> entries = new ArrayList<>();
          for (String v : versions) {
            entries.add(Map.of("groupVersion", group + "/" + v, "version", v));
          }
          groups.add(
              Map.of("name", group, "versions", entries, "preferredVersion", entries.get(0)));
        });
    return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
  }

  /** The OpenAPI v3 index: one document per group version. */
  private Map<String, Object> openApiRoot() {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (String groupVersion : resourcesByGroupVersion().keySet()) {
      String key = groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
      paths.put(key, Map.of("serverRelativeURL", "/openapi/v3/" + key + "?hash=0"));
    }
    return Map.of("paths", paths);
  }

  /**
   * The OpenAPI v3 document of one group version, reduced to what kubectl reads from it: for each
   * resource a PATCH operation tagged with its group, version and kind that accepts the {@code
   * fieldValidation} query parameter. kubectl then leaves validation to the server.
   */
  private Map<String, Object> openApi(String key) {
    String groupVersion = key.startsWith("apis/") ? key.substring(5) : key.substring(4);
    List<Map<String, Object>> resources = resourcesByGroupVersion().get(groupVersion);
    if (resources == null) {
      return null;
    }
    int slash = groupVersion.indexOf('/');
    String group = slash < 0 ? "" : groupVersion.substring(0, slash);
    String version = groupVersion.substring(slash + 1);
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Map<String, Object> resource : resources) {
      String plural = (String) resource.get("name");
      if (plural.contains("/")) {
        continue;
      }
      String prefix = "/" + key + (Boolean.TRUE.equals(resource.get("namespaced"))
          ? "/namespaces/{namespace}/" : "/");
      List<Map<String, Object>> parameters = new ArrayList<>();
      for (String name : List.of("dryRun", "fieldManager", "fieldValidation", "force")) {
        parameters.add(Map.of("name", name, "in", "query", "schema", Map.of("type", "string")));
      }
      Map<String, Object> patch = new LinkedHashMap<>();
      patch.put("operationId", "patch" + resource.get("kind"));
      patch.put("parameters", parameters);
      patch.put("responses", Map.of("200", Map.of("description", "OK")));
      patch.put(
          "x-kubernetes-group-version-kind",
          Map.of("group", group, "version", version, "kind", resource.get("kind")));
      paths.put(prefix + plural + "/{name}", Map.of("patch", patch));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.0");
    doc.put("info", Map.of("title", "Kubernetes", "version", "v" + serverVersion));
    doc.put("paths", paths);
    return doc;
  }

  /** The APIResourceList for {@code /api/v1} or {@code /apis/<group>/<version>}, else null. */
  private Map<String, Object> resourceList(String path) {
    String groupVersion;
    if (path.equals("/api/v1")) {
      groupVersion = "v1";
    } else if (path.matches("/apis/[^/]+/[^/]+")) {
      groupVersion = path.substring("/apis/".length());
    } else if (path.matches("/apis/[^/]+")) {
      String group = path.substring("/apis/".length());
      for (Object g : (List<?>) groupList().get("groups")) {
        if (group.equals(((Map<?, ?>) g).get("name"))) {
          Map<String, Object> result = new LinkedHashMap<>();
          result.put("kind", "APIGroup");
          result.put("apiVersion", "v1");
          result.putAll(castMap(g));
          return result;
        }
      }
      return null;
    } else {
      return null;
    }
    List<Map<String, Object>> resources = resourcesByGroupVersion().get(groupVersion);
    if (resources == null) {
      return null;
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", groupVersion);
    list.put("resources", resources);
    return list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  /** A Table of custom resources at {@code path}, or null when it is no custom resource path. */
  private MockResponse table(String path) {
    Matcher m = CUSTOM_RESOURCE_PATH.matcher(path);
    if (!m.matches()) {
      return null;
    }
    String group = m.group(1);
    String version = m.group(2);
    String plural = m.group(4);
    String name = m.group(5);
    JsonNode columns = null;
    for (JsonNode crd : crds()) {
      JsonNode spec = crd.path("spec");
      if (group.equals(spec.path("group").asText())
          && plural.equals(spec.path("names").path("plural").asText())) {
        for (JsonNode v : spec.path("versions")) {
          if (version.equals(v.path("name").asText())) {
            columns = v.path("additionalPrinterColumns");
          }
        }
      }
    }
    if (columns == null) {
      return null;
    }
    MockResponse stored = super.handleGet(path);
    if (stored.code() != 200) {
      return stored;
    }
    JsonNode body = read(stored.getBody().readUtf8());
    List<JsonNode> items = new ArrayList<>();
    if (name == null) {
      body.path("items").forEach(items::add);
    } else {
      items.add(body);
    }
    List<Map<String, Object>> definitions = new ArrayList<>();
    definitions.add(column("Name", "string", "name", 0));
    for (JsonNode c : columns) {
      definitions.add(
          column(c.path("name").asText(), c.path("type").asText(), c.path("format").asText(""),
              c.path("priority").asInt(0)));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    Instant now = Instant.now();
    for (JsonNode item : items) {
      List<Object> cells = new ArrayList<>();
      cells.add(item.path("metadata").path("name").asText());
      for (JsonNode c : columns) {
        cells.add(TableCells.cell(item, c.path("jsonPath").asText(), c.path("type").asText(), now));
      }
      Map<String, Object> partial = new LinkedHashMap<>();
      partial.put("kind", "PartialObjectMetadata");
      partial.put("apiVersion", "meta.k8s.io/v1");
      partial.put("metadata", item.path("metadata"));
      rows.add(Map.of("cells", cells, "object", partial));
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.put(
        "metadata",
        Map.of("resourceVersion", body.path("metadata").path("resourceVersion").asText("")));
    table.put("columnDefinitions", definitions);
    table.put("rows", rows);
    return json(200, table);
  }

  private static Map<String, Object> column(String name, String type, String format, int priority) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("type", type);
    c.put("format", format);
    c.put("description", "");
    c.put("priority", priority);
    return c;
  }

  private List<JsonNode> crds() {
    MockResponse response = super.handleGet(CRD_LIST);
    List<JsonNode> crds = new ArrayList<>();
    if (response.code() == 200) {
      read(response.getBody().readUtf8()).path("items").forEach(crds::add);
    }
    return crds;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static String singular(String kind) {
    return kind.toLowerCase(java.util.Locale.ROOT);
  }

  static Map<String, Object> status(int code, String reason, String message) {
    return Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "code", code,
        "reason", reason, "message", message);
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse json(int code, Object body) {
    try {
      return new MockResponse()
          .setResponseCode(code)
          .setHeader("Content-Type", "application/json")
          .setBody(JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
