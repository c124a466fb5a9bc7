package io.dhcpfailover.operator.e2e;

import io.dhcpfailover.lab.NamespaceLab;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.node.it.AckRecord;
import io.dhcpfailover.node.it.DuplicateAddressChecker;
import io.dhcpfailover.node.it.Requirements;
import io.dhcpfailover.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration changes that need no restart, end to end ({@link E2eCluster}): while a {@code
 * ServiceProbe} keeps 20 clients renewing, the test edits the pair (the range holding their leases
 * removed, another added, the domain name changed). The operator rewrites the ConfigMap, both nodes
 * reload it without a restart, both report the rendered config version and ConfigSynced turns True;
 * the leases in the removed range live on, new clients get addresses from the new range, and no
 * address goes to two clients. Then a change the shared validator refuses (a server-controlled
 * option): the operator renders nothing, both nodes keep serving the previous configuration and
 * the pair says InvalidSpec, naming the field, with a Warning event; reverting it brings
 * ConfigSynced back.
 *
 * <pre>
 *   test JVM: 198.18.43.1 ---- lan: br0 ---- wa: 198.18.43.2 (live-lab-primary-0)
 *                                 |  \----- wb: 198.18.43.3 (live-lab-secondary-0)
 *                                 \-------- probe: 198.18.43.9 (ServiceProbe, LeaseProbe)
 * </pre>
 */
class LiveConfigEndToEndIT {
  private static final Logger LOG = LoggerFactory.getLogger(LiveConfigEndToEndIT.class);
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  static E2eCluster cluster;

  @BeforeAll
  static void setUp() throws Exception {
    Requirements.require(
        NamespaceLab.available(),
        "root and network namespaces, where the nodes and the clients run (run as root;"
            + " apt-get install iproute2)");
    cluster = new E2eCluster("lcf", "198.18.43", "live-lab");
    cluster.client("probe", cluster.address(9) + "/24");
    cluster.client("fresh", cluster.address(10) + "/24");
  }

  @AfterAll
  static void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aLiveChangeReachesBothNodesWithoutRestartAndARefusedOneLeavesThemServing()
      throws Exception {
    cluster.client.resource(E2eCluster.loadPair("/e2e/live-config-lab.yaml")).create();
    cluster.awaitOrExplain(
        Duration.ofSeconds(120), "both nodes NORMAL, config synced", () -> cluster.bothNormal()
            && synced());
    String v1 = cluster.pair().getStatus().getConfigVersion();
    Map<String, String> uids = podUids();

    NamespaceLab lab = cluster.lab;
    Path acks = lab.dir().resolve("probe-acks.log");
    Path stop = lab.dir().resolve("probe.stop");
    Process probe =
        cluster.startProbe("probe", "service-probe", cluster.address(9), 20, 200, acks, stop, "4c");
    try {
      // the first lease of a client is MCLT-limited; the renewal after the partner's BNDACK is full
      cluster.awaitOrExplain(
          Duration.ofSeconds(60),
          "every probe client holding a full lease",
          () -> Files.exists(acks) && AckRecord.read(List.of(acks)).stream()
              .filter(a -> a.endMs() - a.startMs() > 60_000)
              .map(AckRecord::client).distinct().count() == 20);
      List<AckRecord> before = AckRecord.read(List.of(acks));
      assertThat(before).allMatch(a -> lastOctet(a.address()) >= 100 && lastOctet(a.address())
          <= 149);

      // 1. remove the range holding the leases, add another, change an option
      long changed = System.currentTimeMillis();
      edit(spec -> {
        spec.getSubnets().get(0).setRanges(new ArrayList<>(List.of(
            "198.18.43.150-198.18.43.199")));
        spec.getSubnets().get(0).setDomainName("b.example");
      });
      cluster.awaitOrExplain(
          CONVERGE,
          "both nodes on the new configuration",
          () -> !v1.equals(cluster.pair().getStatus().getConfigVersion()) && synced());
      String v2 = cluster.pair().getStatus().getConfigVersion();
      DhcpFailoverPairStatus status = cluster.pair().getStatus();
      assertThat(status.getPrimary().getConfigVersion()).isEqualTo(v2);
      assertThat(status.getSecondary().getConfigVersion()).isEqualTo(v2);
      assertThat(podUids()).as("no pod restarted").isEqualTo(uids);
      assertThat(cluster.runner.running())
          .containsExactly(cluster.primaryPod(), cluster.secondaryPod());
      LOG.info("configuration {} -> {} on both nodes after {} ms", v1, v2,
          System.currentTimeMillis() - changed);

      // the old leases still renew (living out their time); new clients get the new range
      long renewedFrom = System.currentTimeMillis();
      cluster.awaitOrExplain(
          Duration.ofSeconds(30),
          "every probe client renewed under the new configuration",
          () -> AckRecord.read(List.of(acks)).stream()
              .filter(a -> a.startMs() > renewedFrom).map(AckRecord::client).distinct().count()
              == 20);
      List<AckRecord> log = AckRecord.read(List.of(acks));
      for (AckRecord a : log) {
        if (a.startMs() > renewedFrom) {
          // the last lease granted before both nodes ran the new configuration
          AckRecord last = log.stream()
              .filter(b -> b.client().equals(a.client()) && b.startMs() < renewedFrom)
              .reduce((x, y) -> y).orElseThrow();
          assertThat(a.address()).as("binding kept: " + a.client()).isEqualTo(last.address());
          assertThat(a.endMs()).as("not extended past its end: " + a.client())
              .isLessThanOrEqualTo(last.endMs() + 2_000);
        }
      }
      Path fresh = lab.dir().resolve("fresh-acks.log");
      NamespaceLab.Result newClients = lab.exec("fresh", Duration.ofSeconds(60), List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp",
          E2eCluster.nodeJar() + ":" + E2eCluster.testsJar(), "io.dhcpfailover.node.it.LeaseProbe",
          cluster.address(2) + "," + cluster.address(3), "198.18.43.10", "5", fresh.toString(),
          "4d", "40"));
      assertThat(newClients.out()).contains("ACKED 5");
      assertThat(AckRecord.read(List.of(fresh)))
          .hasSize(5)
          .allMatch(a -> lastOctet(a.address()) >= 150 && lastOctet(a.address()) <= 199);

      // 2. a change the shared validator refuses: option 54 (server identifier) is the server's
      // own. The operator refuses the spec (InvalidSpec names the field) and renders nothing, so
      // the nodes keep running v2 and serving
      edit(spec -> {
        OptionSpec serverId = new OptionSpec();
        serverId.setCode(54);
        serverId.setAddresses(List.of("198.18.43.77"));
        spec.getSubnets().get(0).setOptions(new ArrayList<>(List.of(serverId)));
      });
      cluster.awaitOrExplain(
          CONVERGE,
          "InvalidSpec True naming the option",
          () -> {
            Condition c = E2eCluster.condition(cluster.pair(), StatusAggregator.INVALID_SPEC);
            return c != null && "True".equals(c.getStatus())
                && c.getMessage().contains("spec.subnets[0].options[0].code");
          });
      status = cluster.pair().getStatus();
      assertThat(status.getPrimary().getConfigVersion()).as("still running v2").isEqualTo(v2);
      assertThat(status.getSecondary().getConfigVersion()).isEqualTo(v2);
      assertThat(status.getPrimary().getState()).isEqualTo(FailoverState.NORMAL);
      assertThat(warningReasons()).contains("InvalidSpec");
      long refusedAt = System.currentTimeMillis();
      cluster.awaitOrExplain(
          Duration.ofSeconds(30),
          "the probe served while the spec is refused",
          () -> AckRecord.read(List.of(acks)).stream().filter(a -> a.startMs() > refusedAt)
              .count() >= 10);

      // 3. revert: synced again on a good configuration
      edit(spec -> spec.getSubnets().get(0).setOptions(new ArrayList<>()));
      cluster.awaitOrExplain(CONVERGE, "ConfigSynced True after the revert",
          LiveConfigEndToEndIT::synced);
      assertThat(podUids()).as("still no pod restarted").isEqualTo(uids);

      Files.writeString(stop, "");
      assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = lab.output("service-probe");
      LOG.info("probe: {}", out.strip().substring(Math.max(0, out.strip().lastIndexOf('\n') + 1)));
      assertThat(out).as("no binding was refused (NAK)").doesNotContain(" NAK");
      List<AckRecord> all = new ArrayList<>(AckRecord.read(List.of(acks)));
      all.addAll(AckRecord.read(List.of(fresh)));
      assertThat(DuplicateAddressChecker.overlaps(all)).isEmpty();
    } finally {
      NamespaceLab.kill(probe);
    }
  }

  private static boolean synced() {
    Condition c = E2eCluster.condition(cluster.pair(), StatusAggregator.CONFIG_SYNCED);
    return c != null && "True".equals(c.getStatus());
  }

  private static void edit(Consumer<io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec> change) {
    cluster.editSpec(change);
  }

  private static Map<String, String> podUids() {
    return Map.of(
        cluster.primaryPod(), uid(cluster.primaryPod()),
        cluster.secondaryPod(), uid(cluster.secondaryPod()));
  }

  private static String uid(String pod) {
    return cluster.client.pods().inNamespace(E2eCluster.NS).withName(pod).get().getMetadata()
        .getUid();
  }

  private static List<String> warningReasons() {
    return cluster.client.v1().events().inNamespace(E2eCluster.NS).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()))
        .map(io.fabric8.kubernetes.api.model.Event::getReason)
        .toList();
  }

  private static int lastOctet(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
  }
}
