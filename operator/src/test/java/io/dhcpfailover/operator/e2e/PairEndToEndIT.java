package io.dhcpfailover.operator.e2e;

import io.dhcpfailover.lab.NamespaceLab;
import io.dhcpfailover.lab.PodRunner;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.tls.NodeCredentials;
import io.dhcpfailover.api.tls.PeerCertificateAuthority;
import io.dhcpfailover.api.tls.Pem;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.node.it.Requirements;
import io.dhcpfailover.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole product on one machine ({@link E2eCluster}: mock API server, the operator, real node
 * processes run by the {@link PodRunner}): applying a pair brings up two nodes that publish NORMAL
 * over a mutually authenticated TLS link (certificates from the operator's Secret),
 * a real {@code dhclient} on the segment gets its lease from the pair, deleting the primary's pod
 * hands over to the secondary and back, and a node certificate near its end is renewed by the
 * operator and taken by the node without dropping the link.
 *
 * <pre>
 *   test JVM (mock API server, operator, pod runner): 198.18.40.1
 *        |
 *   lan: br0 ---- worker-a: eth1 198.18.40.2 (pod e2e-lab-primary-0)
 *        |  \---- worker-b: eth1 198.18.40.3 (pod e2e-lab-secondary-0)
 *        \------- client: eth0 (dhclient)
 * </pre>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PairEndToEndIT {
  static final String NS = E2eCluster.NS;
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  static E2eCluster cluster;
  static KubernetesClient client;
  static NamespaceLab lab;
  static PodRunner runner;

  @BeforeAll
  static void setUp() throws Exception {
    Requirements.require(
        NamespaceLab.available(),
        "root and network namespaces, where the nodes and the client run (run as root;"
            + " apt-get install iproute2)");
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    cluster = new E2eCluster("e2e", "198.18.40", "e2e-lab");
    cluster.client("client", null);
    client = cluster.client;
    lab = cluster.lab;
    runner = cluster.runner;
  }

  @AfterAll
  static void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void applyingThePairBringsUpTwoNodesThatPublishNormal() {
    client.resource(E2eCluster.loadPair("/e2e/hot-standby-lab.yaml")).create();

    awaitOrExplain(
        START_TIMEOUT,
        "both nodes NORMAL in the pair's status",
        () -> "NORMAL".equals(state(pair().getStatus() == null ? null : pair().getStatus()
            .getPrimary()))
            && "NORMAL".equals(state(pair().getStatus().getSecondary())));

    DhcpFailoverPair pair = pair();
    for (NodeStatus node : List.of(pair.getStatus().getPrimary(), pair.getStatus().getSecondary())) {
      // only a node fills these in: the operator writes observedGeneration, phase and conditions
      assertThat(node.getPartnerState()).isEqualTo(FailoverState.NORMAL);
      assertThat(node.getSince()).isNotBlank();
      assertThat(node.getUpdated()).isNotBlank();
      assertThat(node.getLeases()).isNotNull();
    }
    assertThat(runner.running()).containsExactly("e2e-lab-primary-0", "e2e-lab-secondary-0");
    // the link runs over mutual TLS (the default), with the certificates from the operator's Secret
    assertThat(client.secrets().inNamespace(NS).withName("e2e-lab-peer-tls").get()).isNotNull();
    assertThat(runner.log("e2e-lab-primary-0") + runner.log("e2e-lab-secondary-0"))
        .contains("FAILOVER_TLS_ESTABLISHED")
        .contains("protocol=TLSv1.3")
        .doesNotContain("FAILOVER_TLS_REFUSED");
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

  @Test
  @Order(7)
  void aCertificateNearItsEndIsRenewedByTheOperatorAndTakenWithoutDroppingTheLink() throws Exception {
    String primaryLog = runner.log("e2e-lab-primary-0");
    String secondaryLog = runner.log("e2e-lab-secondary-0");
    // the secondary's certificate, issued again by the pair's authority, now ends in 10 days: what
    // the Secret holds 80 days after issuing
    Map<String, String> files = secretFiles();
    PeerCertificateAuthority ca = PeerCertificateAuthority.parse(
        files.get("ca.crt"), "ca.crt", files.get("ca.key"), "ca.key");
    NodeCredentials ending = ca.issue(
        "e2e-lab", Role.SECONDARY, pair().getSpec().getSecondary().getAddress(), Instant.now(), Duration.ofDays(10));
    files.put("secondary.crt", Pem.encode(ending.certificate()));
    files.put("secondary.key", Pem.encode(ending.key()));
    Secret secret = client.secrets().inNamespace(NS).withName("e2e-lab-peer-tls").get();
    files.forEach((k, v) -> secret.getData().put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.US_ASCII))));
    client.secrets().inNamespace(NS).resource(secret).update();
    String endingSerial = ending.certificate().getSerialNumber().toString(16);
    // the operator may renew it before the node has read it (a pod event brings a reconcile any
    // time): then the node takes the renewed files instead, which the steps below check
    awaitOrExplain(Duration.ofSeconds(30), "the secondary re-reading its files",
        () -> runner.log("e2e-lab-secondary-0").substring(secondaryLog.length()).contains("serial=" + endingSerial)
            || !secretFiles().get("secondary.crt").equals(files.get("secondary.crt")));

    // the next reconcile renews it under the same authority
    client.resources(DhcpFailoverPair.class).inNamespace(NS).withName("e2e-lab")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"e2e/touch\":\"renew\"}}}");
    awaitOrExplain(Duration.ofSeconds(60), "the operator renewing the secondary's certificate",
        () -> !secretFiles().get("secondary.crt").equals(files.get("secondary.crt")));
    NodeCredentials renewed = NodeCredentials.parse(
        secretFiles().get("ca.crt"), "ca.crt", secretFiles().get("secondary.crt"), "secondary.crt",
        secretFiles().get("secondary.key"), "secondary.key");
    assertThat(renewed.ca()).isEqualTo(ca.certificate());
    assertThat(renewed.certificate().getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(80)));
    String renewedSerial = renewed.certificate().getSerialNumber().toString(16);
    awaitOrExplain(Duration.ofSeconds(30), "the secondary re-reading the renewed files",
        () -> runner.log("e2e-lab-secondary-0").substring(secondaryLog.length()).contains("serial=" + renewedSerial));

    // the link that was up stayed up
    assertThat(state(pair().getStatus().getPrimary())).isEqualTo("NORMAL");
    assertThat(state(pair().getStatus().getSecondary())).isEqualTo("NORMAL");
    assertThat(runner.log("e2e-lab-primary-0").substring(primaryLog.length())).doesNotContain("FAILOVER_LINK_DOWN");
    assertThat(runner.log("e2e-lab-secondary-0").substring(secondaryLog.length()))
        .doesNotContain("FAILOVER_LINK_DOWN")
        .doesNotContain("FAILOVER_TLS_RELOAD_FAILED");
  }

  private static Map<String, String> secretFiles() {
    Map<String, String> files = new HashMap<>();
    client.secrets().inNamespace(NS).withName("e2e-lab-peer-tls").get().getData()
        .forEach((k, v) -> files.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.US_ASCII)));
    return files;
  }

  private static boolean oneReady(StatefulSet sts) {
    return sts != null
        && sts.getStatus() != null
        && Integer.valueOf(1).equals(sts.getStatus().getReadyReplicas());
  }

  private static String state(NodeStatus node) {
    return E2eCluster.state(node);
  }

  private static Condition condition(DhcpFailoverPair pair, String type) {
    return E2eCluster.condition(pair, type);
  }

  static DhcpFailoverPair pair() {
    return cluster.pair();
  }

  private static void awaitOrExplain(
      Duration timeout, String what, java.util.concurrent.Callable<Boolean> condition) {
    cluster.awaitOrExplain(timeout, what, condition);
  }
}
