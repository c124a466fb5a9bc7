package io.dhcpfailover.node.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each row of digest §E.3 as the draft states it. PARTNER-DOWN began at PD = 1000, MCLT = 100; a
 * row gives the binding's lease end, its sent PET (tstp), its acked/received PET (tsfp) and flags.
 */
class ReallocationPolicyTest {
  private static final long PD = 1000;
  private static final long MCLT = 100;

  @ParameterizedTest(name = "{0} {1} in {2} end={3} tstp={4} tsfp={5} flags={6} now={7}: {8}")
  @CsvSource({
    // ACTIVE: never while it runs
    "ACTIVE, PRIMARY, NORMAL, 9000, 0, 0, 0, 5000, false",
    "ACTIVE, SECONDARY, PARTNER_DOWN, 9000, 0, 0, 0, 8999, false",
    // ACTIVE past its end and not yet swept: as EXPIRED
    "ACTIVE, PRIMARY, NORMAL, 900, 0, 0, 0, 5000, false",
    "ACTIVE, PRIMARY, PARTNER_DOWN, 900, 0, 0, 0, 1101, true",
    // FREE / ABANDONED: primary yes; secondary only in PD after max(PD, PET) + MCLT
    "FREE, PRIMARY, NORMAL, 0, 0, 0, 0, 5000, true",
    "FREE, PRIMARY, COMMUNICATIONS_INTERRUPTED, 0, 0, 0, 0, 5000, true",
    "ABANDONED, PRIMARY, NORMAL, 0, 0, 0, 0, 5000, true",
    "FREE, SECONDARY, NORMAL, 0, 0, 0, 0, 99999, false",
    "FREE, SECONDARY, COMMUNICATIONS_INTERRUPTED, 0, 0, 0, 0, 99999, false",
    "FREE, SECONDARY, PARTNER_DOWN, 0, 0, 0, 0, 1100, false",
    "FREE, SECONDARY, PARTNER_DOWN, 0, 0, 0, 0, 1101, true",
    "FREE, SECONDARY, PARTNER_DOWN, 0, 0, 2000, 0, 1101, false",
    "FREE, SECONDARY, PARTNER_DOWN, 0, 0, 2000, 0, 2105, true",
    "ABANDONED, SECONDARY, PARTNER_DOWN, 0, 0, 0, 0, 1101, true",
    // BACKUP: secondary yes; primary only in PD after max(PD, PET) + MCLT
    "BACKUP, SECONDARY, NORMAL, 0, 0, 0, 0, 5000, true",
    "BACKUP, PRIMARY, NORMAL, 0, 0, 0, 0, 99999, false",
    "BACKUP, PRIMARY, PARTNER_DOWN, 0, 0, 0, 0, 1100, false",
    "BACKUP, PRIMARY, PARTNER_DOWN, 0, 0, 0, 0, 1101, true",
    "BACKUP, PRIMARY, PARTNER_DOWN, 0, 0, 1500, 0, 1550, false",
    "BACKUP, PRIMARY, PARTNER_DOWN, 0, 0, 1500, 0, 1605, true",
    // EXPIRED / RELEASED: no rewind, not even unacked with no PET (defect 5)
    "EXPIRED, PRIMARY, NORMAL, 900, 0, 0, 256, 5000, false",
    "RELEASED, SECONDARY, COMMUNICATIONS_INTERRUPTED, 900, 0, 0, 256, 5000, false",
    "EXPIRED, PRIMARY, NORMAL, 900, 0, 0, 0, 99999, false",
    // PD: after max(end, sent PET, acked PET) + MCLT and PD + MCLT (defect 6)
    "EXPIRED, SECONDARY, PARTNER_DOWN, 900, 0, 1100, 0, 1200, false",
    "EXPIRED, SECONDARY, PARTNER_DOWN, 900, 0, 1100, 0, 1205, true",
    "EXPIRED, SECONDARY, PARTNER_DOWN, 900, 0, 0, 0, 1100, false",
    "EXPIRED, SECONDARY, PARTNER_DOWN, 900, 0, 0, 0, 1101, true",
    "EXPIRED, PRIMARY, PARTNER_DOWN, 1500, 0, 0, 0, 1600, false",
    "EXPIRED, PRIMARY, PARTNER_DOWN, 1500, 0, 0, 0, 1601, true",
    "RELEASED, PRIMARY, PARTNER_DOWN, 900, 3000, 0, 0, 3100, false",
    "RELEASED, PRIMARY, PARTNER_DOWN, 900, 3000, 0, 0, 3101, true",
    // RESET: only PD after PET
    "RESET, PRIMARY, NORMAL, 0, 0, 0, 0, 99999, false",
    "RESET, SECONDARY, PARTNER_DOWN, 0, 0, 1100, 0, 1200, false",
    "RESET, SECONDARY, PARTNER_DOWN, 0, 0, 1100, 0, 1205, true",
    // recovered from the partner (fenced): nobody before its PET + MCLT (defect 10)
    "FREE, PRIMARY, NORMAL, 0, 0, 2000, 512, 2100, false",
    "FREE, PRIMARY, NORMAL, 0, 0, 2000, 512, 2105, true",
  })
  void followsTheDraftsTable(
      BindingState binding,
      Role role,
      ServerState state,
      long end,
      long tstp,
      long tsfp,
      int flags,
      long now,
      boolean expected) {
    Lease lease = new Lease(1, binding, null, new byte[] {1, 2}, null, 0, end, 0, tstp, tsfp, flags);
    assertThat(ReallocationPolicy.mayReallocate(lease, role, state, PD, MCLT, now))
        .isEqualTo(expected);
  }
}
