package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fault injection on real node processes: fixed seeds of {@link ChaosSchedule}, each on a fresh
 * pair in both modes, with short timers (MCLT 10 s, leases 40 s, maxResponseDelay 5 s). Each
 * schedule must end with no duplicate address, no lost or unsynced binding and both nodes NORMAL;
 * a failure prints the seed, the schedule and every finding, and {@code bench/chaos.sh} replays
 * more seeds.
 */
class ChaosIT {
  static final long[] SEEDS = {1, 2};

  @BeforeEach
  void needsTheTools() {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    Requirements.requireCommand("nft", "nftables");
    Requirements.requireCommand("faketime", "faketime");
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
  }

  @TestFactory
  List<DynamicTest> schedulesLeaveNoDuplicateNoLostBindingAndAPairInNormal() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String mode : List.of("HotStandby", "LoadBalance")) {
      for (long seed : SEEDS) {
        tests.add(DynamicTest.dynamicTest(mode + " seed " + seed, () -> {
          ChaosRunner.Outcome o = new ChaosRunner(ChaosRunner.Settings.quick(mode)).run(seed);
          System.out.println(o.report());
          assertThat(o.acks()).as("clients were served at all\n%s", o.report()).isPositive();
          assertThat(o.clean()).as(o.report()).isTrue();
        }));
      }
    }
    return tests;
  }
}
