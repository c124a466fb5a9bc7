package io.dhcpfailover.operator.e2e;

import io.dhcpfailover.lab.NamespaceLab;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus;
import io.dhcpfailover.api.v1alpha1.UpgradeStatus;
import io.dhcpfailover.node.it.AckRecord;
import io.dhcpfailover.node.it.DuplicateAddressChecker;
import io.dhcpfailover.node.it.Requirements;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rolling upgrade end to end: the operator, the pod runner and two real nodes ({@link
 * E2eCluster}), with clients that never stop asking: a {@code ServiceProbe} (a new client or a
 * renewal every 200 ms, each DHCPACK logged) and {@code perfdhcp} at a modest rate. The test changes
 * {@code spec.image} and watches the roll: the secondary's pod goes first, the primary's only after
 * both nodes report NORMAL again, the roll is recorded in {@code status.upgrade}, the probe never
 * sees more than a short gap in service, and no address is ever acknowledged to two clients.
 *
 * <pre>
 *   test JVM: 198.18.42.1 ---- lan: br0 ---- wa: 198.18.42.2 (upg-lab-primary-0)
 *                                 |  \----- wb: 198.18.42.3 (upg-lab-secondary-0)
 *                                 |  \----- probe: 198.18.42.9 (ServiceProbe, relay-style)
 *                                 \-------- load: 198.18.42.8 (perfdhcp, broadcast)
 * </pre>
 */
class UpgradeEndToEndIT {
  /** Status values as the API server holds them (the phase's JSON name). */
  private static final com.fasterxml.jackson.databind.ObjectMapper WIRE =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static final Logger LOG = LoggerFactory.getLogger(UpgradeEndToEndIT.class);
  private static final String NEW_IMAGE = "ghcr.io/dhcpfailover/dhcp-node:0.1.1";
  /** The longest gap in service the probe may see during the roll. */
  private static final long MAX_GAP_MS = 5_000;

  static E2eCluster cluster;

  /** What the watches saw, in the order they saw it. */
  record Seen(long atMs, String kind, String what, String primary, String secondary) {}

  @BeforeAll
  static void setUp() throws Exception {
    Requirements.require(
        NamespaceLab.available(),
        "root and network namespaces, where the nodes and the clients run (run as root;"
            + " apt-get install iproute2)");
    Requirements.requireCommand("perfdhcp", "kea-admin");
    cluster = new E2eCluster("upg", "198.18.42", "upg-lab");
    cluster.client("probe", cluster.address(9) + "/24");
    cluster.client("load", cluster.address(8) + "/24");
  }

  @AfterAll
  static void tearDown() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void changingTheImageRollsOneNodeAtATimeWithoutAGapInService() throws Exception {
    DhcpFailoverPair applied = E2eCluster.loadPair("/e2e/upgrade-lab.yaml");
    String oldImage = applied.getSpec().getImage();
    cluster.client.resource(applied).create();
    cluster.awaitOrExplain(Duration.ofSeconds(120), "both nodes NORMAL", cluster::bothNormal);

    NamespaceLab lab = cluster.lab;
    Path acks = lab.dir().resolve("probe-acks.log");
    Path stop = lab.dir().resolve("probe.stop");
    Process probe =
        cluster.startProbe("probe", "service-probe", cluster.address(9), 30, 200, acks, stop, "5e");
    Process load =
        lab.start(
            "load",
            "perfdhcp",
            Map.of(),
            List.of("perfdhcp", "-4", "-l", "eth0", "-r", "10", "-R", "20", "-p", "600"));

    List<Seen> seen = new CopyOnWriteArrayList<>();
    List<Watch> watches = new ArrayList<>();
    try {
      cluster.awaitOrExplain(
          Duration.ofSeconds(30),
          "the probe served from the first NORMAL pair",
          () -> Files.exists(acks) && Files.readAllLines(acks).size() >= 20);
      watches.add(watchPair(seen));
      watches.add(watchPods(seen));
      Pod primaryBefore = cluster.client.pods().inNamespace(E2eCluster.NS)
          .withName(cluster.primaryPod()).get();
      Pod secondaryBefore = cluster.client.pods().inNamespace(E2eCluster.NS)
          .withName(cluster.secondaryPod()).get();

      long rollStarted = System.currentTimeMillis();
      cluster.editSpec(spec -> spec.setImage(NEW_IMAGE));

      cluster.awaitOrExplain(
          Duration.ofSeconds(300),
          "the roll finished (status.upgrade.lastTo is the new image) with both nodes NORMAL",
          () -> {
            DhcpFailoverPairStatus status = cluster.pair().getStatus();
            return status.getUpgrade() != null
                && NEW_IMAGE.equals(status.getUpgrade().getLastTo())
                && cluster.bothNormal();
          });
      long rollEnded = System.currentTimeMillis();
      // a few more seconds of clients on the upgraded pair
      Thread.sleep(3_000);
      Files.writeString(stop, "");
      assertThat(probe.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      String probeOut = lab.output("service-probe");
      LOG.info("probe: {}", lastLine(probeOut));
      LOG.info("roll took {} ms; what the watches saw:\n{}", rollEnded - rollStarted,
          String.join("\n", seen.stream().map(Seen::toString).toList()));

      // the roll: the secondary first, the primary only once both were NORMAL again
      long secondaryDeleted = firstDeletion(seen, secondaryBefore);
      long primaryDeleted = firstDeletion(seen, primaryBefore);
      assertThat(secondaryDeleted).as("secondary pod deleted").isPositive();
      assertThat(primaryDeleted).as("primary pod deleted").isPositive();
      assertThat(secondaryDeleted).as("the secondary restarts first").isLessThan(primaryDeleted);
      Seen beforeSecondary = lastPairStateBefore(seen, secondaryDeleted);
      assertThat(beforeSecondary.primary()).isEqualTo("NORMAL");
      assertThat(beforeSecondary.secondary()).isEqualTo("NORMAL");
      Seen beforePrimary = lastPairStateBefore(seen, primaryDeleted);
      assertThat(beforePrimary.primary())
          .as("the primary is touched only when both are NORMAL again: " + beforePrimary)
          .isEqualTo("NORMAL");
      assertThat(beforePrimary.secondary())
          .as("the primary is touched only when both are NORMAL again: " + beforePrimary)
          .isEqualTo("NORMAL");
      assertThat(seen.stream().filter(s -> s.atMs() > secondaryDeleted
              && s.atMs() < primaryDeleted && s.kind().equals("pod-added")
              && s.what().startsWith(cluster.secondaryPod())))
          .as("the new secondary pod was up before the primary was touched")
          .isNotEmpty();
      assertThat(seen.stream().filter(s -> s.kind().equals("pair")
              && "PARTNER-DOWN".equals(s.primary())
              && s.atMs() > secondaryDeleted && s.atMs() < primaryDeleted))
          .as("the primary served alone in PARTNER-DOWN while the secondary restarted")
          .isNotEmpty();

      // each wait says in status which step it is and when it will give up
      for (String wait : List.of("WaitingForSecondaryNormal until ", "WaitingForPrimaryNormal until ")) {
        assertThat(seen).as(wait).anyMatch(s -> s.kind().equals("pair") && s.what().startsWith(wait));
      }

      // both pods now run the new image; the roll is recorded
      for (String name : List.of(cluster.primaryPod(), cluster.secondaryPod())) {
        Pod pod = cluster.client.pods().inNamespace(E2eCluster.NS).withName(name).get();
        assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo(NEW_IMAGE);
        StatefulSet sts = cluster.client.apps().statefulSets().inNamespace(E2eCluster.NS)
            .withName(name.substring(0, name.length() - 2)).get();
        assertThat(sts.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
            .isEqualTo(NEW_IMAGE);
      }
      UpgradeStatus upgrade = cluster.pair().getStatus().getUpgrade();
      assertThat(upgrade.getLastFrom()).isEqualTo(oldImage);
      assertThat(upgrade.getLastTo()).isEqualTo(NEW_IMAGE);
      assertThat(upgrade.getLastCompleted()).isNotBlank();

      // what `kubectl describe dfp` shows under Events
      List<String> events = cluster.client.v1().events().inNamespace(E2eCluster.NS).list()
          .getItems().stream()
          .filter(e -> cluster.pairName.equals(e.getInvolvedObject().getName()))
          .sorted(java.util.Comparator.comparing(
              (io.fabric8.kubernetes.api.model.Event e) -> String.valueOf(e.getLastTimestamp())))
          .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
          .toList();
      LOG.info("events on the pair:\n{}", String.join("\n", events));
      assertThat(events).anyMatch(e -> e.startsWith("Normal UpgradeStarted: rolling " + oldImage
          + " -> " + NEW_IMAGE));
      assertThat(events).anyMatch(e -> e.startsWith("Normal RestartingNode: deleting pod "
          + cluster.secondaryPod()));
      assertThat(events).anyMatch(e -> e.startsWith("Normal RestartingNode: deleting pod "
          + cluster.primaryPod()));
      assertThat(events).anyMatch(e -> e.startsWith("Normal UpgradeCompleted"));
      assertThat(events).noneMatch(e -> e.contains("UpgradeStuck"));

      // service never went away for long, and no address went to two clients
      Matcher summary =
          Pattern.compile("SERVED (\\d+) FAILED (\\d+) MAX_GAP_MS (\\d+)").matcher(probeOut);
      assertThat(summary.find()).as(probeOut).isTrue();
      long served = Long.parseLong(summary.group(1));
      long maxGap = Long.parseLong(summary.group(3));
      List<AckRecord> records = AckRecord.read(List.of(acks));
      long duringRoll =
          records.stream().filter(r -> r.startMs() >= rollStarted && r.startMs() <= rollEnded)
              .count();
      LOG.info(
          "SERVICE_GAP max {} ms; {} answered turns, {} failed; {} ACKs during the {} ms roll",
          maxGap, served, summary.group(2), duringRoll, rollEnded - rollStarted);
      assertThat(duringRoll).as("clients were served during the roll").isPositive();
      assertThat(maxGap).as("longest gap in service seen by the probe").isLessThan(MAX_GAP_MS);
      assertThat(DuplicateAddressChecker.overlaps(records)).isEmpty();
      assertThat(load.isAlive()).as("perfdhcp kept running: " + lab.output("perfdhcp")).isTrue();
    } finally {
      watches.forEach(Watch::close);
      NamespaceLab.kill(load);
      NamespaceLab.kill(probe);
    }
  }

  private static long firstDeletion(List<Seen> seen, Pod before) {
    String key = before.getMetadata().getName() + "/" + before.getMetadata().getUid();
    return seen.stream()
        .filter(s -> s.kind().equals("pod-deleted") && s.what().equals(key))
        .mapToLong(Seen::atMs)
        .findFirst()
        .orElse(-1);
  }

  private static Seen lastPairStateBefore(List<Seen> seen, long at) {
    Seen last = null;
    for (Seen s : seen) {
      if (s.atMs() <= at && s.kind().equals("pair")) {
        last = s;
      }
    }
    assertThat(last).as("a pair status seen before " + at).isNotNull();
    return last;
  }

  private static Watch watchPair(List<Seen> seen) {
    return cluster.client.resources(DhcpFailoverPair.class).inNamespace(E2eCluster.NS)
        .withName(cluster.pairName)
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, DhcpFailoverPair pair) {
            DhcpFailoverPairStatus st = pair.getStatus();
            if (st == null) {
              return;
            }
            UpgradeStatus u = st.getUpgrade();
            String phase = u == null ? "-"
                : WIRE.convertValue(u.getPhase(), String.class)
                    + (u.getDeadline() == null ? "" : " until " + u.getDeadline());
            seen.add(new Seen(System.currentTimeMillis(), "pair", phase,
                E2eCluster.state(st.getPrimary()), E2eCluster.state(st.getSecondary())));
          }

          @Override
          public void onClose(WatcherException cause) {}
        });
  }

  private static Watch watchPods(List<Seen> seen) {
    return cluster.client.pods().inNamespace(E2eCluster.NS)
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, Pod pod) {
            String kind = switch (action) {
              case ADDED -> "pod-added";
              case DELETED -> "pod-deleted";
              default -> null;
            };
            if (kind != null) {
              seen.add(new Seen(System.currentTimeMillis(), kind,
                  pod.getMetadata().getName() + "/" + pod.getMetadata().getUid(),
                  pod.getSpec().getContainers().get(0).getImage(), null));
            }
          }

          @Override
          public void onClose(WatcherException cause) {}
        });
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }
}
