package io.dhcpfailover.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.it.Podman;
import io.dhcpfailover.operator.Fixtures;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's container image, built by {@code scripts/build-images.sh} and run by podman as its
 * Deployment runs it (uid 65532, no capability, read-only root file system), against fabric8's mock
 * API server (CRUD mode) on loopback with the generated CRDs, which grants it the ClusterRole of
 * {@code deploy/}: it takes the Lease, reconciles a pair into its ConfigMap and StatefulSets, and
 * answers /readyz.
 */
class OperatorImageIT {
  private static final String NS = "dhcp";

  static KubernetesMockServer server;
  static KubernetesClient client;
  static Podman podman;
  static String container;
  static int httpPort;
  static Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    dir = Files.createTempDirectory("operator-image-it");
    podman = Podman.require(dir);
    long started = System.nanoTime();
    Podman.Image image = podman.build("operator", "dhcp-failover-operator");
    System.out.printf("OperatorImageIT: %s is %d MB, built in %d s%n", image.name(),
        image.megabytes(), Duration.ofNanos(System.nanoTime() - started).toSeconds());

    ClusterRole installed;
    try (InputStream in = Files.newInputStream(
        Path.of(System.getProperty("deploy.dir", "../deploy"), "02-clusterrole.yaml"))) {
      installed = Serialization.unmarshal(in, ClusterRole.class);
    }
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new RulesReviewDispatcher(installed), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    createCrds(client);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
        .endMetadata().build()).create();

    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster:
              server: http://127.0.0.1:%d
        users:
          - name: operator
            user: {}
        contexts:
          - name: mock
            context: {cluster: mock, user: operator, namespace: %s}
        current-context: mock
        """.formatted(server.getPort(), NS));
    kubeconfig.toFile().setReadable(true, false);
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      httpPort = free.getLocalPort();
    }
    container = "it-opimg-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    // the host's network namespace, for the mock server on loopback; nothing else is reached
    podman.start(container, List.of(
        "--network", "host",
        "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--read-only",
        "-v", kubeconfig + ":/etc/operator/kubeconfig:ro",
        "-e", "KUBECONFIG=/etc/operator/kubeconfig",
        "-e", "POD_NAMESPACE=" + NS,
        "-e", "WATCH_NAMESPACE=" + NS,
        "-e", "HTTP_PORT=" + httpPort,
        "-e", "JAVA_TOOL_OPTIONS=-Xmx192m -XX:TieredStopAtLevel=1",
        image.name()));
  }

  @AfterAll
  static void tearDown() {
    if (podman != null && container != null) {
      podman.remove(container);
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  void theImageRunsAsItsOwnUserAndReconcilesAPair() throws Exception {
    assertThat(Podman.credentials(podman.pid(container)))
        .containsPattern("Uid:\\s+65532\\s+65532\\s+65532\\s+65532")
        .contains("CapEff:\t0000000000000000");
    await(Duration.ofSeconds(90), "the operator ready on /readyz", () -> readyz() == 200);

    DhcpFailoverPair pair = Fixtures.pair("hot-standby");
    pair.getMetadata().setUid(null);
    pair.getSpec().setImage("localhost/dhcp-node:test");
    client.resource(pair).create();
    String configMap = DesiredStateBuilder.configMapName(pair);
    String primary = DesiredStateBuilder.statefulSetName(pair, Role.PRIMARY);
    String secondary = DesiredStateBuilder.statefulSetName(pair, Role.SECONDARY);
    await(Duration.ofSeconds(60), "the pair's ConfigMap and StatefulSets", () ->
        client.configMaps().inNamespace(NS).withName(configMap).get() != null
            && statefulSet(primary) != null
            && statefulSet(secondary) != null);

    ConfigMap config = client.configMaps().inNamespace(NS).withName(configMap).get();
    assertThat(config.getData()).containsKey(DesiredStateBuilder.PAIR_FILE);
    Container node = statefulSet(primary).getSpec().getTemplate().getSpec()
        .getContainers().get(0);
    assertThat(node.getImage()).isEqualTo("localhost/dhcp-node:test");
    assertThat(node.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(client.leases().inNamespace(NS).withName("dhcp-failover-operator").get())
        .as("the Lease of leader election").isNotNull();
  }

  private static StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  private static int readyz() {
    try {
      HttpResponse<Void> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
              .timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void await(Duration timeout, String what, Supplier<Boolean> condition)
      throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!podman.running(container)) {
        throw new AssertionError("the operator's container stopped:\n" + podman.logs(container));
      }
      if (condition.get()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(what + " not reached within " + timeout + ":\n"
        + podman.logs(container));
  }

  /** Creates every CRD in the repository's {@code crds/} directory. */
  private static void createCrds(KubernetesClient client) throws IOException {
    Path crds = Path.of(System.getProperty("crds.dir", "../crds"));
    try (Stream<Path> files = Files.list(crds)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          client.apiextensions().v1().customResourceDefinitions()
              .resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
        }
      }
    }
  }
}
