package io.dhcpfailover.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The CRUD mock with JSON merge patches done as a real API server does them (RFC 7386: a list in
 * the patch replaces the list in the object). The stock mock appends list items, which would
 * duplicate conditions on every status write. The merged object is stored with a PUT, on the
 * status subresource when the patch was sent there.
 */
public class MergePatchCrudDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (contentType == null || !contentType.contains("merge-patch")) {
      return super.handlePatch(request);
    }
    String path = request.getPath();
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    String objectPath = path.endsWith("/status") ? path.substring(0, path.length() - 7) : path;
    MockResponse current = handleGet(objectPath);
    if (!current.getStatus().contains("200")) {
      return current;
    }
    try {
      JsonNode target = JSON.readTree(current.getBody().readUtf8());
      JsonNode merged = merge(target, JSON.readTree(request.getUtf8Body()));
      Buffer body = new Buffer().writeUtf8(JSON.writeValueAsString(merged));
      RecordedRequest put =
          new RecordedRequest(
              "PUT " + path + " HTTP/1.1",
              HttpMethod.PUT,
              path,
              request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
              body);
      return handleUpdate(put);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 7386 merge of {@code patch} into {@code target}. */
  public static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
    for (Iterator<String> it = patch.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode value = patch.get(name);
      if (value.isNull()) {
        result.remove(name);
      } else {
        result.set(name, merge(result.get(name), value));
      }
    }
    return result;
  }
}
