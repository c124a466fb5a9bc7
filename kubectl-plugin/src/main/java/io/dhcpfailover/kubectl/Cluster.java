package io.dhcpfailover.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The API server as the plugin uses it, through the user's kubeconfig: the pair, its events, its
 * pods, and the nodes' HTTP endpoints through the API server's pod proxy ({@code
 * /api/v1/namespaces/NS/pods/POD:PORT/proxy/...}), so nothing but the API server needs to be
 * reachable from where kubectl runs.
 */
final class Cluster implements AutoCloseable {
  static final ResourceDefinitionContext PAIRS = new ResourceDefinitionContext.Builder()
      .withGroup("dhcpfailover.io").withVersion("v1alpha1").withKind("DhcpFailoverPair")
      .withPlural("dhcpfailoverpairs").withNamespaced(true).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DEFAULT_HTTP_PORT = 8067;

  /** A node's HTTP answer through the proxy. */
  record Reply(int code, String body) {
    boolean ok() {
      return code / 100 == 2;
    }
  }

  private final KubernetesClient client;
  private final String namespace;

  private Cluster(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * Connects as kubectl would: {@code kubeconfig} (else {@code KUBECONFIG}, else ~/.kube/config),
   * its {@code context} (else the current one) and {@code namespace} (else the context's, else
   * default).
   */
  static Cluster connect(Path kubeconfig, String context, String namespace) throws IOException {
    Config config;
    if (kubeconfig != null) {
      if (!Files.isReadable(kubeconfig)) {
        throw new PluginException("cannot read kubeconfig " + kubeconfig);
      }
      config = Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
    } else {
      config = Config.autoConfigure(context);
    }
    String ns = namespace != null ? namespace
        : config.getNamespace() != null ? config.getNamespace() : "default";
    return new Cluster(new KubernetesClientBuilder().withConfig(config).build(), ns);
  }

  String namespace() {
    return namespace;
  }

  /** The pair as JSON; a clear message when there is none. */
  JsonNode pair(String name) {
    GenericKubernetesResource pair =
        client.genericKubernetesResources(PAIRS).inNamespace(namespace).withName(name).get();
    if (pair == null) {
      throw new PluginException("no DhcpFailoverPair \"" + name + "\" in namespace " + namespace
          + " (kubectl get dfp -n " + namespace + " lists them)");
    }
    return JSON.valueToTree(pair);
  }

  /** The pair's events, oldest first. */
  List<JsonNode> events(String name) {
    return client.v1().events().inNamespace(namespace)
        .withField("involvedObject.name", name)
        .withField("involvedObject.kind", "DhcpFailoverPair")
        .list().getItems().stream()
        .map(e -> (JsonNode) JSON.valueToTree(e))
        .sorted(Comparator.comparing(Cluster::eventTime))
        .toList();
  }

  private static String eventTime(JsonNode event) {
    for (String field : List.of("lastTimestamp", "eventTime", "firstTimestamp")) {
      String t = event.path(field).asText("");
      if (!t.isEmpty()) {
        return t;
      }
    }
    return event.path("metadata").path("creationTimestamp").asText("");
  }

  /** The node pod of {@code role} ({@code primary} or {@code secondary}): its StatefulSet's pod 0. */
  static String podName(String pair, String role) {
    return pair + "-" + role + "-0";
  }

  /** The pod, or null. */
  Pod pod(String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  /** The port of the node's HTTP endpoint: the pod's port named http, else the pair's httpPort. */
  static int httpPort(Pod pod, JsonNode pair) {
    if (pod != null && pod.getSpec() != null) {
      for (var c : pod.getSpec().getContainers()) {
        for (var p : c.getPorts() == null ? List.<io.fabric8.kubernetes.api.model.ContainerPort>of() : c.getPorts()) {
          if ("http".equals(p.getName()) && p.getContainerPort() != null) {
            return p.getContainerPort();
          }
        }
      }
    }
    return pair.path("spec").path("httpPort").asInt(DEFAULT_HTTP_PORT);
  }

  /** A GET or POST to the node's HTTP endpoint through the API server's pod proxy. */
  Reply node(String method, String pod, int port, String pathAndQuery) {
    String url = client.getMasterUrl().toString().replaceAll("/+$", "") + "/api/v1/namespaces/"
        + namespace + "/pods/" + pod + ":" + port + "/proxy" + pathAndQuery;
    HttpClient http = client.getHttpClient();
    HttpRequest.Builder request = http.newHttpRequestBuilder().uri(url).timeout(15, TimeUnit.SECONDS);
    if ("POST".equals(method)) {
      request.post("text/plain", new byte[0]);
    }
    try {
      HttpResponse<String> response =
          http.sendAsync(request.build(), String.class).get(20, TimeUnit.SECONDS);
      return new Reply(response.code(), response.body() == null ? "" : response.body());
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new PluginException("cannot reach pod " + pod + " through the API server's proxy: "
          + cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PluginException("interrupted");
    }
  }

  /** Sets one annotation on the pair (a merge patch). */
  void annotate(String pair, String key, String value) {
    client.genericKubernetesResources(PAIRS).inNamespace(namespace).withName(pair)
        .patch(PatchContext.of(PatchType.JSON_MERGE), JSON.valueToTree(
            Map.of("metadata", Map.of("annotations", Map.of(key, value)))).toString());
  }

  @Override
  public void close() {
    client.close();
  }
}
