package io.dhcpfailover.node.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The simulator with {@code autoPartnerDown} on: each node moves to PARTNER-DOWN on its own after
 * that long in COMMUNICATIONS-INTERRUPTED. Under a partition of the failover link alone, with
 * clients reaching both, that is unsafe by design (both nodes take the other's addresses after
 * the MCLT), and the checker must see it: this class reports what it does and fails if the
 * checker stops seeing it. Replay one with {@code bench/simulate.sh --seed S --auto-partner-down}.
 */
class AutoPartnerDownSimulationTest {
  static final int SEEDS = 300;

  @Test
  void theCheckerSeesWhatAutoPartnerDownRisks() {
    SimulateMain.Totals t = SimulateMain.runSeeds(1, SEEDS, true);
    long duplicates = t.failed().stream()
        .filter(r -> r.violations().stream().anyMatch(v -> v.contains("DUPLICATE")))
        .count();
    System.out.println("autoPartnerDown on: " + t.line() + " (" + duplicates + " seeds with duplicates)");
    assertThat(t.exchanges()).isGreaterThan(SEEDS * 100L);
    assertThat(duplicates).as("partitioned nodes both in PARTNER-DOWN hand out one address twice").isPositive();
  }
}
