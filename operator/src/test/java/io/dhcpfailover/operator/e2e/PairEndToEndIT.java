package io.dhcpfailover.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.operator.MergePatchCrudDispatcher;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.dhcpfailover.operator.reconciler.DhcpFailoverPairReconciler;
import io.dhcpfailover.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole product on one machine: the generated CRD in fabric8's mock API server, the operator's
 * reconciler running for real against it, and a {@link PodRunner} that runs every pod the operator
 * renders as a real {@code dhcp-node} process in the network namespace of its "cluster node". A
 * real {@code dhclient} on the same segment gets its lease from the pair.
 *
 * <pre>
 *   test JVM (mock API server, operator, pod runner): 198.18.40.1
 *        |
 *   lan: br0 ---- worker-a: eth1 198.18.40.2 (pod e2e-lab-primary-0)
 *        |  \---- worker-b: eth1 198.18.40.3 (pod e2e-lab-secondary-0)
 *        \------- client: eth0 (dhclient)
 * </pre>
 *
 * <p>The nodes reach the mock API server through the kubeconfig the pod runner hands them and
 * write {@code status.primary} and {@code status.secondary} themselves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PairEndToEndIT {
  private static final Logger LOG = LoggerFactory.getLogger(PairEndToEndIT.class);

  static final String NS = "dhcp";
  static final String PAIR = "e2e-lab";
  static final String API_ADDRESS = "198.18.40.1";
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  static NamespaceLab lab;
  static KubernetesMockServer server;
  static KubernetesClient client;
  static Operator operator;
  static PodRunner runner;

  @BeforeAll
  static void setUp() throws Exception {
    assumeTrue(
        NamespaceLab.available(),
        "needs root and iproute2: the nodes and the client run in network namespaces");
    Path jar = nodeJar();
    lab = new NamespaceLab("e2e");
    lab.host("lan");
    lab.bridge("lan", "br0");
    lab.host("wa");
    lab.host("wb");
    lab.host("client");
    lab.attach("wa", "eth1", "lan", "br0", "198.18.40.2/24");
    lab.attach("wb", "eth1", "lan", "br0", "198.18.40.3/24");
    lab.attach("client", "eth0", "lan", "br0", null);
    lab.uplink("lan", "br0", API_ADDRESS + "/24");

    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new MergePatchCrudDispatcher(),
            false);
    server.init(InetAddress.getByName(API_ADDRESS), 0);
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

    Path kubeconfig = writeKubeconfig(lab.dir(), server.getPort());
    runner =
        new PodRunner(
                client,
                lab,
                NS,
                Map.of(
                    "worker-a", new PodRunner.Node("wa", "198.18.40.2"),
                    "worker-b", new PodRunner.Node("wb", "198.18.40.3")),
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    jar.toString()),
                kubeconfig)
            .start();
  }

  @AfterAll
  static void tearDown() {
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
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void applyingThePairBringsUpTwoNodesThatPublishNormal() {
    client.resource(loadPair()).create();

    awaitOrExplain(
        START_TIMEOUT,
        "both nodes NORMAL in the pair's status",
        () -> "NORMAL".equals(state(pair().getStatus() == null ? null : pair().getStatus()
            .getPrimary()))
            && "NORMAL".equals(state(pair().getStatus().getSecondary())));

    DhcpFailoverPair pair = pair();
    for (NodeStatus node : List.of(pair.getStatus().getPrimary(), pair.getStatus().getSecondary())) {
      // only a node fills these in: the operator writes observedGeneration, phase and conditions
      assertThat(node.getPartnerState()).isEqualTo("NORMAL");
      assertThat(node.getSince()).isNotBlank();
      assertThat(node.getUpdated()).isNotBlank();
      assertThat(node.getLeases()).isNotNull();
    }
    assertThat(runner.running()).containsExactly("e2e-lab-primary-0", "e2e-lab-secondary-0");
  }

  @Test
  @Order(2)
  void statefulSetsAndPodsReportReady() {
    awaitOrExplain(
        Duration.ofSeconds(30),
        "both StatefulSets with one ready replica",
        () -> Stream.of("e2e-lab-primary", "e2e-lab-secondary")
            .map(n -> client.apps().statefulSets().inNamespace(NS).withName(n).get())
            .allMatch(PairEndToEndIT::oneReady));
    for (String name : List.of("e2e-lab-primary-0", "e2e-lab-secondary-0")) {
      Pod pod = client.pods().inNamespace(NS).withName(name).get();
      assertThat(pod.getStatus().getConditions())
          .anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
          });
    }
    StatefulSet primary = client.apps().statefulSets().inNamespace(NS)
        .withName("e2e-lab-primary").get();
    assertThat(primary.getStatus().getCurrentRevision())
        .isEqualTo(primary.getStatus().getUpdateRevision());
  }

  @Test
  @Order(3)
  void operatorReportsReadyBothNormal() {
    awaitOrExplain(
        Duration.ofSeconds(60),
        "Ready condition True",
        () -> {
          Condition ready = condition(pair(), StatusAggregator.READY);
          return ready != null && "True".equals(ready.getStatus())
              && "BothNormal".equals(ready.getReason());
        });
    DhcpFailoverPair pair = pair();
    assertThat(pair.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pair.getStatus().getObservedGeneration())
        .isEqualTo(pair.getMetadata().getGeneration());
    assertThat(condition(pair, StatusAggregator.DEGRADED).getStatus()).isEqualTo("False");
  }

  @Test
  @Order(4)
  void aRealClientGetsALeaseFromThePair() throws Exception {
    Path script = lab.dir().resolve("dhclient-script.sh");
    try (InputStream in = PairEndToEndIT.class.getResourceAsStream("/e2e/dhclient-script.sh")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(script.toFile().setExecutable(true)).isTrue();
    Path conf = Files.writeString(lab.dir().resolve("dhclient.conf"), "");
    Path leases = lab.dir().resolve("dhclient.leases");
    NamespaceLab.Result r =
        lab.exec(
            "client",
            Duration.ofSeconds(60),
            List.of("dhclient", "-4", "-v", "-1", "-sf", script.toString(), "-cf",
                conf.toString(), "-lf", leases.toString(), "-pf",
                lab.dir().resolve("dhclient.pid").toString(), "eth0"));
    Matcher bound = Pattern.compile("bound to (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(r.out());
    assertThat(bound.find()).as(r.out()).isTrue();
    String address = bound.group(1);
    int last = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
    assertThat(address).startsWith("198.18.40.");
    assertThat(last).isBetween(100, 200);
    assertThat(r.out()).contains("DHCPACK of " + address + " from 198.18.40.2");
    String iface =
        lab.exec("client", Duration.ofSeconds(5), List.of("ip", "-4", "addr", "show", "eth0"))
            .out();
    assertThat(iface).contains(address + "/24");

    awaitOrExplain(
        Duration.ofSeconds(60),
        "the lease counted in status.primary",
        () -> {
          NodeStatus primary = pair().getStatus().getPrimary();
          return primary.getLeases() != null
              && primary.getLeases().getActive() != null
              && primary.getLeases().getActive() >= 1;
        });
  }

  @Test
  @Order(5)
  void deletingThePrimaryPodStopsItGentlyAndThePairRecovers() {
    Pod before = client.pods().inNamespace(NS).withName("e2e-lab-primary-0").get();

    client.pods().inNamespace(NS).withName("e2e-lab-primary-0").delete();

    awaitOrExplain(
        Duration.ofSeconds(40),
        "the secondary taking over at once (the primary handed over with SHUTDOWN)",
        () -> "PARTNER-DOWN".equals(state(pair().getStatus().getSecondary())));
    awaitOrExplain(
        Duration.ofSeconds(30),
        "the primary pod created again",
        () -> {
          Pod pod = client.pods().inNamespace(NS).withName("e2e-lab-primary-0").get();
          return pod != null && !pod.getMetadata().getUid().equals(before.getMetadata().getUid());
        });
    awaitOrExplain(
        Duration.ofSeconds(30),
        "the new primary container running and publishing",
        () -> runner.running().contains("e2e-lab-primary-0")
            && pair().getStatus().getPrimary().getUpdated() != null);
  }

  @Test
  @Order(6)
  void theRestartedPrimaryRecoversAndThePairIsReadyAgain() {
    awaitOrExplain(
        START_TIMEOUT,
        "both nodes NORMAL again and Ready True",
        () -> "NORMAL".equals(state(pair().getStatus().getPrimary()))
            && "NORMAL".equals(state(pair().getStatus().getSecondary()))
            && "True".equals(condition(pair(), StatusAggregator.READY).getStatus())
            && "BothNormal".equals(condition(pair(), StatusAggregator.READY).getReason()));
  }

  private static boolean oneReady(StatefulSet sts) {
    return sts != null
        && sts.getStatus() != null
        && Integer.valueOf(1).equals(sts.getStatus().getReadyReplicas());
  }

  private static String state(NodeStatus node) {
    return node == null ? null : node.getState();
  }

  private static Condition condition(DhcpFailoverPair pair, String type) {
    return pair.getStatus() == null
        ? null
        : StatusAggregator.find(pair.getStatus().getConditions(), type);
  }

  static DhcpFailoverPair pair() {
    return client.resources(DhcpFailoverPair.class).inNamespace(NS).withName(PAIR).get();
  }

  /** Waits for {@code condition}; on timeout fails with the pair, the pods and the node logs. */
  private static void awaitOrExplain(
      Duration timeout, String what, java.util.concurrent.Callable<Boolean> condition) {
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

  private static String diagnostics() {
    StringBuilder out = new StringBuilder();
    try {
      out.append("pair:\n").append(Serialization.asYaml(pair()));
    } catch (RuntimeException e) {
      out.append("pair unreadable: ").append(e).append('\n');
    }
    out.append("running: ").append(runner.running()).append('\n');
    for (String pod : List.of("e2e-lab-primary-0", "e2e-lab-secondary-0")) {
      String log = runner.log(pod);
      String[] lines = log.split("\n");
      out.append("--- ").append(pod).append(" (last 40 lines)\n")
          .append(String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40),
              lines.length)))
          .append('\n');
    }
    return out.toString();
  }

  private static DhcpFailoverPair loadPair() {
    try (InputStream in =
        PairEndToEndIT.class.getResourceAsStream("/e2e/hot-standby-lab.yaml")) {
      return Serialization.unmarshal(in, DhcpFailoverPair.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates every CRD in the repository's {@code crds/} directory. */
  private static void createCrds(KubernetesClient client) throws IOException {
    Path dir = Path.of(System.getProperty("crds.dir", "../crds"));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .resource(Serialization.unmarshal(in, CustomResourceDefinition.class))
              .create();
        }
      }
    }
  }

  private static Path nodeJar() {
    Path jar = Path.of(System.getProperty("node.jar", "../dhcp-node/target/dhcp-node.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the node jar " + jar + " is not built: run mvn -pl dhcp-node -am package first");
    }
    return jar.toAbsolutePath();
  }

  /** A kubeconfig for the mock API server (plain HTTP, no credentials). */
  static Path writeKubeconfig(Path dir, int port) throws IOException {
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
            .formatted(API_ADDRESS, port, NS);
    return Files.writeString(dir.resolve("kubeconfig"), kubeconfig);
  }
}
