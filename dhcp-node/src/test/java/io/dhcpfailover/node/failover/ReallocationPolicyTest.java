package io.dhcpfailover.node.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each row of digest §E.3. PARTNER-DOWN began at PD = 1000, MCLT = 100; the table gives tsfp, the
 * time asked about and whether the address came from the own pool unannounced (rewindable).
 */
class ReallocationPolicyTest {
  private static final long PD = 1000;
  private static final long MCLT = 100;

  @ParameterizedTest(name = "{0} {1} in {2} tsfp={3} now={4} rewind={5}: {6}")
  @CsvSource({
    // ACTIVE: never
    "ACTIVE, PRIMARY, NORMAL, 0, 5000, true, false",
    "ACTIVE, SECONDARY, PARTNER_DOWN, 0, 99999, true, false",
    // FREE / ABANDONED: primary yes; secondary only in PD after max(PD, tsfp) + MCLT
    "FREE, PRIMARY, NORMAL, 0, 5000, false, true",
    "FREE, PRIMARY, COMMUNICATIONS_INTERRUPTED, 0, 5000, false, true",
    "ABANDONED, PRIMARY, NORMAL, 0, 5000, false, true",
    "FREE, SECONDARY, NORMAL, 0, 99999, false, false",
    "FREE, SECONDARY, COMMUNICATIONS_INTERRUPTED, 0, 99999, false, false",
    "FREE, SECONDARY, PARTNER_DOWN, 0, 1100, false, false",
    "FREE, SECONDARY, PARTNER_DOWN, 0, 1101, false, true",
    "FREE, SECONDARY, PARTNER_DOWN, 2000, 1101, false, false",
    "FREE, SECONDARY, PARTNER_DOWN, 2000, 2101, false, true",
    "ABANDONED, SECONDARY, PARTNER_DOWN, 0, 1101, false, true",
    // BACKUP: secondary yes; primary only in PD after max(PD, tsfp) + MCLT
    "BACKUP, SECONDARY, NORMAL, 0, 5000, false, true",
    "BACKUP, PRIMARY, NORMAL, 0, 99999, false, false",
    "BACKUP, PRIMARY, PARTNER_DOWN, 0, 1100, false, false",
    "BACKUP, PRIMARY, PARTNER_DOWN, 0, 1101, false, true",
    "BACKUP, PRIMARY, PARTNER_DOWN, 1500, 1550, false, false",
    "BACKUP, PRIMARY, PARTNER_DOWN, 1500, 1601, false, true",
    // EXPIRED / RELEASED: rewind, else PD after tsfp (at least PD + MCLT)
    "EXPIRED, PRIMARY, NORMAL, 0, 5000, true, true",
    "RELEASED, SECONDARY, COMMUNICATIONS_INTERRUPTED, 0, 5000, true, true",
    "EXPIRED, PRIMARY, NORMAL, 0, 99999, false, false",
    "RELEASED, SECONDARY, COMMUNICATIONS_INTERRUPTED, 0, 99999, false, false",
    "EXPIRED, SECONDARY, PARTNER_DOWN, 1100, 1100, false, false",
    "EXPIRED, SECONDARY, PARTNER_DOWN, 1100, 1101, false, true",
    "RELEASED, PRIMARY, PARTNER_DOWN, 3000, 2000, false, false",
    "RELEASED, PRIMARY, PARTNER_DOWN, 3000, 3001, false, true",
    // RESET: only PD after tsfp
    "RESET, PRIMARY, NORMAL, 0, 99999, true, false",
    "RESET, SECONDARY, PARTNER_DOWN, 1100, 1100, false, false",
    "RESET, SECONDARY, PARTNER_DOWN, 1100, 1101, false, true",
  })
  void followsIscTable(
      BindingState binding,
      Role role,
      ServerState state,
      long tsfp,
      long now,
      boolean rewindable,
      boolean expected) {
    assertThat(
            ReallocationPolicy.mayReallocate(binding, tsfp, role, state, PD, MCLT, rewindable, now))
        .isEqualTo(expected);
    Lease lease = Lease.available(1, binding, 0).withTsfp(tsfp);
    assertThat(ReallocationPolicy.mayReallocate(lease, role, state, PD, MCLT, rewindable, now))
        .isEqualTo(expected);
  }
}
