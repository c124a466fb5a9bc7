package io.dhcpfailover.node.it;

import static io.dhcpfailover.node.it.IsolatedPairLab.BOTH;
import static io.dhcpfailover.node.it.IsolatedPairLab.PRIMARY;
import static io.dhcpfailover.node.it.IsolatedPairLab.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A network partition of the failover link only: the two nodes cannot reach each other on TCP 647,
 * while relayed clients still reach both. Both go COMMUNICATIONS-INTERRUPTED and keep serving, each
 * from its own pool (primary FREE, secondary BACKUP); after the link heals both return to NORMAL
 * and exchange what they did. The duplicate-address checker reads every ACK the clients saw.
 */
class PartitionIT {
  private static final int ROUNDS = 3;

  @BeforeEach
  void needsNamespaces() {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    Requirements.requireCommand("nft", "nftables");
  }

  @Test
  void hotStandbyPairServesFromOwnPoolsWhileTheFailoverLinkIsCut() throws Exception {
    partitionAndHeal("parths", "HotStandby");
  }

  @Test
  void loadBalancedPairServesFromOwnPoolsWhileTheFailoverLinkIsCut() throws Exception {
    partitionAndHeal("partlb", "LoadBalance");
  }

  private static void partitionAndHeal(String name, String mode) throws Exception {
    try (IsolatedPairLab pl = new IsolatedPairLab(name, mode, "30s", "0s")) {
      pl.startBoth();
      IsolatedPairLab.awaitState(pl.primary, "NORMAL", Duration.ofSeconds(60));
      IsolatedPairLab.awaitState(pl.secondary, "NORMAL", Duration.ofSeconds(60));
      Path before = pl.probe(10, "e1", BOTH);
      List<AckRecord> first = AckRecord.read(List.of(before));
      pl.awaitReplicated("secondary", first.stream().filter(a -> a.server().equals(PRIMARY)).toList(), Duration.ofSeconds(20));
      pl.awaitReplicated("primary", first.stream().filter(a -> a.server().equals(SECONDARY)).toList(), Duration.ofSeconds(20));
      Set<String> backup = addressesIn(pl.states("secondary"), "BACKUP");
      assertThat(backup).as("the secondary holds a BACKUP pool").isNotEmpty();

      // cut the failover link only: both notice within maxResponseDelay (5 s) and a tick
      pl.cutFailoverLink();
      long tookP = IsolatedPairLab.awaitState(pl.primary, "COMMUNICATIONS-INTERRUPTED", Duration.ofSeconds(20));
      long tookS = IsolatedPairLab.awaitState(pl.secondary, "COMMUNICATIONS-INTERRUPTED", Duration.ofSeconds(20));
      assertThat(tookP).as("primary noticed").isLessThan(9_000);
      assertThat(tookS).as("secondary noticed").isLessThan(9_000);

      // both serve new clients and renewals, each allocating only from its own pool
      List<AckRecord> fresh = new ArrayList<>();
      Path renewFrom = before;
      for (int round = 0; round < ROUNDS; round++) {
        Path acks = pl.probe(8, "e" + (2 + round), BOTH);
        fresh.addAll(AckRecord.read(List.of(acks)));
        Path renewed = pl.renew(renewFrom, BOTH);
        List<AckRecord> renewals = AckRecord.read(List.of(renewed));
        assertThat(renewals).as("renewals in round %d", round).hasSize(10);
        renewFrom = renewed;
      }
      assertThat(IsolatedPairLab.state(pl.primary)).isEqualTo("COMMUNICATIONS-INTERRUPTED");
      assertThat(IsolatedPairLab.state(pl.secondary)).isEqualTo("COMMUNICATIONS-INTERRUPTED");
      List<AckRecord> byPrimary = fresh.stream().filter(a -> a.server().equals(PRIMARY)).toList();
      List<AckRecord> bySecondary = fresh.stream().filter(a -> a.server().equals(SECONDARY)).toList();
      assertThat(byPrimary).as("the primary served new clients").isNotEmpty();
      assertThat(bySecondary).as("the secondary served new clients").isNotEmpty();
      assertThat(byPrimary).as("the primary allocates from FREE").noneMatch(a -> backup.contains(a.address()));
      assertThat(bySecondary).as("the secondary allocates from BACKUP").allMatch(a -> backup.contains(a.address()));

      // heal: both NORMAL again, and what each side did reaches the other
      pl.healFailoverLink();
      IsolatedPairLab.awaitState(pl.primary, "NORMAL", Duration.ofSeconds(60));
      IsolatedPairLab.awaitState(pl.secondary, "NORMAL", Duration.ofSeconds(30));
      pl.awaitReplicated("primary", bySecondary, Duration.ofSeconds(30));
      pl.awaitReplicated("secondary", byPrimary, Duration.ofSeconds(30));
      pl.assertNoDuplicateAddresses();
    }
  }

  private static Set<String> addressesIn(Map<String, String> states, String state) {
    return states.entrySet().stream().filter(e -> e.getValue().equals(state)).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }
}
