package io.dhcpfailover.node.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.failover.FailoverBinding;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import org.junit.jupiter.api.Test;

/** What a binding recovered from the partner is stored as: its fence (digest §E.3). */
class ReceivedBindingsTest {
  private static final long NOW = 1_767_225_760L;
  private static final long MCLT = 60;
  private static final byte[] HW = {1, 2, 0x51, 0, 0, 0, 0x10};

  private static Lease store(long pet, long end) {
    FailoverBinding b = new FailoverBinding(0xc6120101, BindingState.ACTIVE.code(), null, HW, end, pet, NOW - 150, NOW - 150, 0);
    return ReceivedBindings.toStore(b, BindingState.EXPIRED, Lease.available(0xc6120101, BindingState.FREE, NOW - 200),
        ServerState.RECOVER, MCLT, NOW);
  }

  /**
   * Seed 152915: the PET had passed when the binding arrived (moved early by the skew margin on
   * each side), but a lease we gave before losing our store may still run to PET + MCLT, beyond
   * the end of RECOVER-WAIT (which counts from when we asked): it is fenced until then.
   */
  @Test
  void aBindingWhosePetHasJustPassedIsStillFencedUntilPetPlusMclt() {
    Lease l = store(NOW - 4, NOW - 85);
    assertThat(l.hasFlag(Lease.FLAG_FENCED)).isTrue();
    assertThat(ReallocationPolicy.fenced(l, MCLT, NOW + MCLT - 1)).isTrue();
    assertThat(ReallocationPolicy.fenced(l, MCLT, NOW + MCLT + 1)).isFalse();
  }

  @Test
  void aBindingWhoseFenceWouldHaveEndedIsNotFenced() {
    assertThat(store(NOW - 2 * MCLT, NOW - 2 * MCLT).hasFlag(Lease.FLAG_FENCED)).isFalse();
    assertThat(store(0, NOW - 2 * MCLT).hasFlag(Lease.FLAG_FENCED)).isFalse();
  }
}
