package io.dhcpfailover.node.it;

import static io.dhcpfailover.node.it.PairLab.PRIMARY;
import static io.dhcpfailover.node.it.PairLab.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real node processes speaking the failover protocol over real TCP, with relayed clients
 * (the {@link LeaseProbe}); after every scenario the duplicate-address checker reads every ACK the
 * clients saw.
 */
class FailoverPairIT {
  static final String BOTH = PRIMARY + "," + SECONDARY;

  @BeforeEach
  void needsNamespaces() {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
  }

  @Test
  void hotStandbyPairServesFailsOverAndResynchronises() throws Exception {
    try (PairLab pl = new PairLab("hotsb", "HotStandby", "30s")) {
      pl.startBoth();
      PairLab.awaitState(pl.primary, "NORMAL", Duration.ofSeconds(60));
      PairLab.awaitState(pl.secondary, "NORMAL", Duration.ofSeconds(60));

      // in NORMAL only the primary answers, and every binding reaches the secondary
      Path first = pl.probe(20, "a1", BOTH);
      assertThat(AckRecord.read(List.of(first))).allMatch(a -> a.server().equals(PRIMARY));
      awaitReplicated(pl, "secondary", first);

      // kill -9 the primary: the secondary notices after maxResponseDelay and serves
      pl.primary.kill9();
      long took = PairLab.awaitState(pl.secondary, "COMMUNICATIONS-INTERRUPTED", Duration.ofSeconds(20));
      assertThat(took).isLessThan(15_000);
      Path renewed = pl.renew(first, BOTH);
      List<AckRecord> renewals = AckRecord.read(List.of(renewed));
      assertThat(renewals).hasSize(20).allMatch(a -> a.server().equals(SECONDARY));
      // MCLT rule: a lease extended by the secondary alone ends within MCLT of what the primary knows
      assertThat(renewals).allMatch(a -> a.endMs() - a.startMs() <= 30_000 + 600_000);
      Path cutOff = pl.probe(5, "a2", BOTH); // new clients get BACKUP addresses
      assertThat(AckRecord.read(List.of(cutOff))).allMatch(a -> a.server().equals(SECONDARY));

      // the primary comes back: both NORMAL, and what the secondary did is on both sides
      pl.primary = pl.node("primary").start().awaitStarted(Duration.ofSeconds(30));
      PairLab.awaitState(pl.primary, "NORMAL", Duration.ofSeconds(60));
      PairLab.awaitState(pl.secondary, "NORMAL", Duration.ofSeconds(60));
      awaitReplicated(pl, "primary", cutOff);
      awaitReplicated(pl, "secondary", cutOff);
      pl.assertNoDuplicateAddresses();
    }
  }

  @Test
  void sigtermOfThePrimaryHandsOverToTheSecondaryAtOnce() throws Exception {
    try (PairLab pl = new PairLab("sigterm", "HotStandby", "30s")) {
      pl.startBoth();
      PairLab.awaitState(pl.primary, "NORMAL", Duration.ofSeconds(60));
      PairLab.awaitState(pl.secondary, "NORMAL", Duration.ofSeconds(60));
      Path before = pl.probe(5, "b1", BOTH);

      long t0 = System.currentTimeMillis();
      pl.primary.process().destroy(); // SIGTERM: the primary sends STATE(SHUTDOWN)
      PairLab.awaitState(pl.secondary, "PARTNER-DOWN", Duration.ofSeconds(5));
      long handover = System.currentTimeMillis() - t0;
      assertThat(handover).as("PARTNER-DOWN after SIGTERM").isLessThan(2_000);
      Path after = pl.probe(5, "b2", BOTH);
      assertThat(AckRecord.read(List.of(after))).allMatch(a -> a.server().equals(SECONDARY));
      pl.renew(before, BOTH);
      assertThat(pl.primary.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(pl.primary.process().exitValue()).as("clean exit").isIn(0, 143);
      pl.assertNoDuplicateAddresses();
    }
  }

  @Test
  void aSecondaryThatLostItsStoreRecoversEveryBindingAndWaitsOutMclt() throws Exception {
    try (PairLab pl = new PairLab("recover", "HotStandby", "20s")) {
      pl.startBoth();
      PairLab.awaitState(pl.primary, "NORMAL", Duration.ofSeconds(60));
      PairLab.awaitState(pl.secondary, "NORMAL", Duration.ofSeconds(60));
      Path leases = pl.probe(15, "c1", BOTH);
      awaitReplicated(pl, "secondary", leases);

      pl.secondary.kill9();
      deleteRecursively(pl.dataDir("secondary"));
      PairLab.awaitState(pl.primary, "COMMUNICATIONS-INTERRUPTED", Duration.ofSeconds(20));
      pl.secondary = pl.node("secondary").start().awaitStarted(Duration.ofSeconds(30));
      // RECOVER, then every binding from the primary, then RECOVER-WAIT until MCLT has passed
      PairLab.awaitState(pl.secondary, "NORMAL", Duration.ofSeconds(90));
      PairLab.awaitState(pl.primary, "NORMAL", Duration.ofSeconds(30));
      // the 20 s leases (MCLT caps a first lease) may have expired meanwhile: any state will do,
      // as long as the secondary knows whose address it was
      Map<String, String> recovered = pl.bindings("secondary");
      for (AckRecord a : AckRecord.read(List.of(leases))) {
        assertThat(recovered.get(a.address())).as("binding of %s recovered", a.address()).isEqualTo(a.client());
      }
      assertThat(pl.secondary.log()).contains("RECOVER_WAIT");
      pl.assertNoDuplicateAddresses();
    }
  }

  @Test
  void loadBalancedPairSplitsClientsByHashBucket() throws Exception {
    try (PairLab pl = new PairLab("lbal", "LoadBalance", "30s")) {
      pl.startBoth();
      PairLab.awaitState(pl.primary, "NORMAL", Duration.ofSeconds(60));
      PairLab.awaitState(pl.secondary, "NORMAL", Duration.ofSeconds(60));
      Thread.sleep(2000); // pool balancing hands the secondary its half
      List<AckRecord> acks = AckRecord.read(List.of(pl.probe(60, "d1", BOTH)));
      long byPrimary = acks.stream().filter(a -> a.server().equals(PRIMARY)).count();
      long bySecondary = acks.stream().filter(a -> a.server().equals(SECONDARY)).count();
      assertThat(byPrimary).as("primary's share").isBetween(10L, 50L);
      assertThat(bySecondary).as("secondary's share").isBetween(10L, 50L);
      pl.assertNoDuplicateAddresses();
    }
  }

  private static void awaitReplicated(PairLab pl, String role, Path ackLog) throws Exception {
    List<AckRecord> acks = AckRecord.read(List.of(ackLog));
    long end = System.currentTimeMillis() + 20_000;
    Map<String, String> stored = Map.of();
    while (System.currentTimeMillis() < end) {
      stored = pl.activeLeases(role);
      Map<String, String> s = stored;
      if (acks.stream().allMatch(a -> a.client().equals(s.get(a.address())))) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(role + " lacks bindings: acked " + acks + "\nstored " + stored);
  }

  private static void deleteRecursively(Path dir) throws Exception {
    try (var files = java.nio.file.Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
