package io.dhcpfailover.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Prometheus (Debian's {@code prometheus}) in the lab's namespace {@code monitor}. It scrapes
 * the node pods with the labels the PodMonitor of {@code deploy/monitoring/podmonitor.yaml} gives
 * them (pods named dhcp-node by the operator, their port {@code http}; namespace, pod, pair and
 * role as labels) and the operator's {@code /metrics}, and evaluates the project's alert rules,
 * every {@link #INTERVAL}. Debian builds Prometheus without Kubernetes discovery, so the lab writes
 * the pods it runs to a file Prometheus watches ({@code file_sd_configs}, {@link #targets}).
 */
final class LabPrometheus {
  static final String HOST = "monitor";
  static final int PORT = 9090;
  static final String INTERVAL = "2s";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LabPrometheus() {}

  /** The configuration: node pods from {@code targetsFile}, the operator at {@code operator}. */
  static String config(Path targetsFile, Path rules, String operator) {
    return """
        global:
          scrape_interval: %2$s
          scrape_timeout: %2$s
          evaluation_interval: %2$s
        rule_files:
          - %3$s
        scrape_configs:
          - job_name: dhcp-failover-nodes
            file_sd_configs:
              - files: [%1$s]
                refresh_interval: %2$s
          - job_name: dhcp-failover-operator
            static_configs:
              - targets: ["%4$s"]
        """.formatted(targetsFile, INTERVAL, rules, operator);
  }

  /**
   * The scrape targets of {@code pods} as a file_sd document: what the PodMonitor selects (labels
   * app.kubernetes.io/name dhcp-node and managed-by dhcp-failover-operator, a pod IP, a container
   * port named http), each with namespace, pod, pair and role.
   */
  static String targets(List<Pod> pods) {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Pod pod : pods) {
      Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of()
          : pod.getMetadata().getLabels();
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      if (!"dhcp-node".equals(labels.get("app.kubernetes.io/name"))
          || !"dhcp-failover-operator".equals(labels.get("app.kubernetes.io/managed-by"))
          || ip == null || ip.isEmpty() || pod.getSpec() == null) {
        continue;
      }
      for (Container c : pod.getSpec().getContainers()) {
        for (ContainerPort port : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
          if ("http".equals(port.getName()) && port.getContainerPort() != null) {
            Map<String, String> target = new TreeMap<>();
            target.put("namespace", pod.getMetadata().getNamespace());
            target.put("pod", pod.getMetadata().getName());
            target.put("pair", labels.getOrDefault("dhcpfailover.io/pair", ""));
            target.put("role", labels.getOrDefault("dhcpfailover.io/role", ""));
            groups.add(Map.of("targets", List.of(ip + ":" + port.getContainerPort()),
                "labels", target));
          }
        }
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(groups);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code text} to {@code file} unless it holds it already, by rename (never half a file). */
  static void writeIfChanged(Path file, String text) throws IOException {
    if (Files.exists(file) && Files.readString(file).equals(text)) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Starts Prometheus on {@code address}:{@value #PORT} in the lab's {@value #HOST} namespace (on
   * the segment through {@code eth0}), its files in the lab's directory, and waits until it is
   * ready (at most 90 s).
   */
  static Process start(NamespaceLab lab, String address, int prefixLength, Path targetsFile,
      Path rules, String operator) throws IOException, InterruptedException {
    if (!Files.isRegularFile(rules)) {
      throw new IllegalArgumentException("no alert rule file " + rules);
    }
    lab.host(HOST);
    lab.attach(HOST, "eth0", "lan", "br0", address + "/" + prefixLength);
    Path dir = Files.createDirectories(lab.dir().resolve("prometheus"));
    if (!Files.exists(targetsFile)) {
      writeIfChanged(targetsFile, "[]");
    }
    Path config = Files.writeString(dir.resolve("prometheus.yml"),
        config(targetsFile, rules.toAbsolutePath(), operator));
    Path tsdb = Files.createDirectories(dir.resolve("data"));
    Process p = lab.start(HOST, "prometheus", Map.of(), List.of("prometheus",
        "--config.file=" + config, "--storage.tsdb.path=" + tsdb,
        "--web.listen-address=" + address + ":" + PORT, "--log.level=warn"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://" + address + ":" + PORT + "/-/ready");
    long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new IOException("prometheus exited with " + p.exitValue() + ":\n"
            + lab.output("prometheus"));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(ready)
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return p;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    throw new IOException("prometheus not ready within 90 s:\n" + lab.output("prometheus"));
  }
}
