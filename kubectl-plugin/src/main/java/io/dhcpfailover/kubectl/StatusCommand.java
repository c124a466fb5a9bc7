package io.dhcpfailover.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubectl dfp status NAME}. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Both nodes' failover states, link, pools, the upgrade step, conditions and events.")
final class StatusCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin DfpCommand.ClusterOptions cluster;

  @Parameters(index = "0", paramLabel = "NAME", description = "the DhcpFailoverPair")
  String name;

  @Override
  public Integer call() throws IOException {
    try (Cluster c = cluster.connect()) {
      JsonNode pair = c.pair(name);
      List<StatusView.Node> nodes = new ArrayList<>();
      for (String role : StatusView.ROLES) {
        nodes.add(node(c, pair, role, "/status"));
      }
      spec.commandLine().getOut().print(
          StatusView.render(pair, nodes, c.events(name), Instant.now()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** Asks one node's HTTP endpoint through the pod proxy; an answer or the reason there is none. */
  static StatusView.Node node(Cluster c, JsonNode pair, String role, String pathAndQuery) {
    String podName = Cluster.podName(name(pair), role);
    JsonNode fallback = pair.path("status").path(role);
    Pod pod = c.pod(podName);
    if (pod == null) {
      return new StatusView.Node(podName, null, "no pod " + podName, fallback);
    }
    try {
      Cluster.Reply reply = c.node("GET", podName, Cluster.httpPort(pod, pair), pathAndQuery);
      if (!reply.ok()) {
        return new StatusView.Node(podName, null,
            "HTTP " + reply.code() + ": " + firstLine(reply.body()), fallback);
      }
      return new StatusView.Node(podName, JSON.readTree(reply.body()), null, fallback);
    } catch (PluginException | IOException e) {
      return new StatusView.Node(podName, null, e.getMessage(), fallback);
    }
  }

  static String name(JsonNode pair) {
    return pair.path("metadata").path("name").asText();
  }

  /** The first line of an answer, or the message of the API server's Status document. */
  static String firstLine(String text) {
    String t = text == null ? "" : text.strip();
    if (t.startsWith("{")) {
      try {
        JsonNode status = JSON.readTree(t);
        if (status.has("message")) {
          return status.path("message").asText();
        }
      } catch (IOException e) {
        // not JSON after all: shown as it is
      }
    }
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
