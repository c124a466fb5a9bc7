package io.dhcpfailover.operator.e2e;

import io.dhcpfailover.lab.LabCluster;
import io.dhcpfailover.lab.NamespaceLab;
import io.dhcpfailover.lab.PodRunner;
import static org.awaitility.Awaitility.await;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.lab.MergePatchCrudDispatcher;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.dhcpfailover.operator.reconciler.DhcpFailoverPairReconciler;
import io.dhcpfailover.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product on one machine, shared by the end-to-end tests: the generated CRDs in fabric8's
 * mock API server (CRUD mode, JSON merge patch on status), the operator's reconciler running for
 * real against it, and a {@link PodRunner} that runs every pod the operator renders as a real
 * {@code dhcp-node} process in the network namespace of its "cluster node".
 *
 * <pre>
 *   test JVM (mock API server, operator, pod runner): 198.18.N.1
 *        |
 *   lan: br0 ---- wa: eth1 198.18.N.2 (cluster node worker-a)
 *        |  \---- wb: eth1 198.18.N.3 (cluster node worker-b)
 *        \------- the clients a test adds with {@link #client(String, String)}
 * </pre>
 *
 * <p>The nodes reach the mock API server through the kubeconfig the pod runner hands them and write
 * {@code status.primary} and {@code status.secondary} themselves. {@link #close()} stops the
 * operator, every container and every process, and removes the namespaces, also after a failure.
 */
final class E2eCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(E2eCluster.class);

  static final String NS = "dhcp";

  final NamespaceLab lab;
  final String net;
  final String pairName;
  private KubernetesMockServer server;
  KubernetesClient client;
  private Operator operator;
  PodRunner runner;

  /**
   * @param tag prefix of the lab's namespaces
   * @param net the first three octets of the lab's /24 in 198.18.0.0/15, e.g. {@code 198.18.40}
   * @param pairName the pair the test applies (its pods are {@code <pairName>-<role>-0})
   */
  E2eCluster(String tag, String net, String pairName) throws Exception {
    this.net = net;
    this.pairName = pairName;
    Path jar = nodeJar();
    lab = new NamespaceLab(tag);
    try {
      lab.host("lan");
      lab.bridge("lan", "br0");
      lab.host("wa");
      lab.host("wb");
      lab.attach("wa", "eth1", "lan", "br0", address(2) + "/24");
      lab.attach("wb", "eth1", "lan", "br0", address(3) + "/24");
      lab.uplink("lan", "br0", address(1) + "/24");

      server =
          new KubernetesMockServer(
              new Context(), new MockWebServer(), new HashMap<>(), new MergePatchCrudDispatcher(),
              false);
      server.init(InetAddress.getByName(address(1)), 0);
      client = server.createClient();
      createCrds(client);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
          .endMetadata().build()).create();

      operator =
          new Operator(
              o -> o.withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withCloseClientOnStop(false));
      operator.register(
          new DhcpFailoverPairReconciler(
              client,
              new DesiredStateBuilder(DesiredStateBuilder.defaultImageFor("0.1.0")),
              Clock.systemUTC(),
              new SimpleMeterRegistry()),
          c -> c.settingNamespaces(NS));
      operator.start();

      Path kubeconfig = writeKubeconfig(lab.dir(), address(1), server.getPort());
      runner =
          new PodRunner(
                  client,
                  lab,
                  NS,
                  Map.of(
                      "worker-a", new PodRunner.Node("wa", address(2)),
                      "worker-b", new PodRunner.Node("wb", address(3))),
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xmx256m",
                      "-XX:+UseSerialGC",
                      "-XX:TieredStopAtLevel=1",
                      "-jar",
                      jar.toString()),
                  kubeconfig)
              .start();
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** {@code <net>.<host>}. */
  String address(int host) {
    return net + "." + host;
  }

  /** Adds a client host on the segment, with {@code cidr} on its {@code eth0} (null: none). */
  void client(String host, String cidr) throws IOException {
    lab.host(host);
    lab.attach(host, "eth0", "lan", "br0", cidr);
  }

  DhcpFailoverPair pair() {
    return client.resources(DhcpFailoverPair.class).inNamespace(NS).withName(pairName).get();
  }

  String primaryPod() {
    return pairName + "-primary-0";
  }

  String secondaryPod() {
    return pairName + "-secondary-0";
  }

  static String state(NodeStatus node) {
    return node == null || node.getState() == null ? null : node.getState().wireName();
  }

  /**
   * Edits the pair's spec as a client would: read, change, write with the resourceVersion read,
   * and on a conflict (the nodes and the operator write the status meanwhile) read again and
   * retry, as client-go's RetryOnConflict does.
   */
  void editSpec(java.util.function.Consumer<io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.resources(DhcpFailoverPair.class).inNamespace(NS).withName(pairName)
            .edit(p -> {
              change.accept(p.getSpec());
              return p;
            });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  static Condition condition(DhcpFailoverPair pair, String type) {
    return pair == null || pair.getStatus() == null
        ? null
        : StatusAggregator.find(pair.getStatus().getConditions(), type);
  }

  /** Both nodes report NORMAL in the pair's status. */
  boolean bothNormal() {
    DhcpFailoverPair pair = pair();
    return pair != null
        && pair.getStatus() != null
        && "NORMAL".equals(state(pair.getStatus().getPrimary()))
        && "NORMAL".equals(state(pair.getStatus().getSecondary()));
  }

  /** Waits for {@code condition}; on timeout fails with the pair, the pods and the node logs. */
  void awaitOrExplain(Duration timeout, String what, Callable<Boolean> condition) {
    try {
      await(what)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " not reached within " + timeout + "\n" + diagnostics(), e);
    }
  }

  /** The pair, the running containers and the end of each node's log. */
  String diagnostics() {
    StringBuilder out = new StringBuilder();
    try {
      out.append("pair:\n").append(Serialization.asYaml(pair()));
    } catch (RuntimeException e) {
      out.append("pair unreadable: ").append(e).append('\n');
    }
    out.append("running: ").append(runner.running()).append('\n');
    for (String pod : List.of(primaryPod(), secondaryPod())) {
      String[] lines = runner.log(pod).split("\n");
      out.append("--- ").append(pod).append(" (last 40 lines)\n")
          .append(String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40),
              lines.length)))
          .append('\n');
    }
    return out.toString();
  }

  /** A pair manifest from the test resources. */
  static DhcpFailoverPair loadPair(String resource) {
    try (InputStream in = E2eCluster.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + resource);
      }
      return Serialization.unmarshal(in, DhcpFailoverPair.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates every CRD in the repository's {@code crds/} directory. */
  static void createCrds(KubernetesClient client) throws IOException {
    LabCluster.createCrds(client, Path.of(System.getProperty("crds.dir", "../crds")));
  }

  /**
   * Starts a {@code ServiceProbe} (dhcp-node's test harness) in {@code host}: relay-style, from
   * {@code giaddr}, to both nodes, a turn every {@code intervalMs} over {@code clients} clients,
   * DHCPACKs appended to {@code acks}; it stops when {@code stop} exists (or after 10 minutes).
   * Its output is {@code lab.output(name)}.
   */
  Process startProbe(
      String host, String name, String giaddr, int clients, long intervalMs, Path acks, Path stop,
      String macByte) throws IOException {
    return lab.start(
        host,
        name,
        Map.of(),
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m",
            "-cp",
            nodeJar() + ":" + testsJar(),
            "io.dhcpfailover.node.it.ServiceProbe",
            address(2) + "," + address(3),
            giaddr,
            String.valueOf(clients),
            String.valueOf(intervalMs),
            "600",
            acks.toString(),
            stop.toString(),
            macByte));
  }

  /** The dhcp-node module's test jar (probes, ACK records, the duplicate-address checker). */
  static Path testsJar() {
    Path jar = Path.of(System.getProperty("node.tests.jar",
        "../dhcp-node/target/dhcp-node-tests.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the node's test jar " + jar + " is not built");
    }
    return jar.toAbsolutePath();
  }

  /** The node's shaded jar, built by the dhcp-node module. */
  static Path nodeJar() {
    Path jar = Path.of(System.getProperty("node.jar", "../dhcp-node/target/dhcp-node.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the node jar " + jar + " is not built: run mvn -pl dhcp-node -am package first");
    }
    return jar.toAbsolutePath();
  }

  /** A kubeconfig for the mock API server (plain HTTP, no credentials). */
  private static Path writeKubeconfig(Path dir, String address, int port) throws IOException {
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster:
              server: http://%s:%d
        users:
          - name: node
            user: {}
        contexts:
          - name: mock
            context:
              cluster: mock
              user: node
              namespace: %s
        current-context: mock
        """
            .formatted(address, port, NS);
    return Files.writeString(dir.resolve("kubeconfig"), kubeconfig);
  }

  @Override
  public void close() {
    if (operator != null) {
      try {
        operator.stop();
      } catch (RuntimeException e) {
        LOG.warn("operator stop: {}", e.toString());
      }
    }
    if (runner != null) {
      runner.stopAll(Duration.ofSeconds(10));
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
    lab.close();
  }
}
