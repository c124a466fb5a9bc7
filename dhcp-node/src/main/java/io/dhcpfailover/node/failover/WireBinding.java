package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.FailoverBinding;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;

/** A stored binding as a BNDUPD carries it, and a received one moved into our clock. */
final class WireBinding {
  /** Seconds added to a partner's time moved into our clock: two one-second readings. */
  static final long SKEW_MARGIN = 2;

  private WireBinding() {}

  /**
   * The binding as sent: its potential-expiration-time is the latest PET this node sent or acked
   * or received for the address (never replaced by the lease end), so a partner that recovers from
   * it knows how long a client may still hold it.
   */
  static FailoverBinding toBinding(Lease l) {
    boolean clientInfo = l.state() != BindingState.ABANDONED && !l.state().isAvailable();
    return new FailoverBinding(
        l.address(),
        l.state().code(),
        clientInfo ? l.clientId() : null,
        clientInfo ? l.hardware() : null,
        l.end(),
        Math.max(Math.max(l.tstp(), l.tsfp()), l.end()),
        l.start(),
        l.cltt(),
        l.flags() & (Lease.FLAG_RESERVED | Lease.FLAG_BOOTP));
  }

  /**
   * The partner's binding in our clock (draft §7: any constant skew is allowed): its lease end and
   * PET move by the skew measured at the handshake, with a margin for the one-second resolution
   * of both clocks' readings toward the safe side: the lease end late, the PET early. The CLTT
   * moves by the skew alone, so both sides order a pair of client transactions alike (up to the
   * tie window of {@link BindingUpdateRules#CLTT_TIE_SECONDS}).
   */
  static FailoverBinding inOurClock(FailoverBinding b, long skew) {
    long shift = -skew;
    return new FailoverBinding(b.address(), b.bindingStatus(), b.clientId(), b.hardware(),
        late(b.leaseExpirationTime(), shift), early(b.potentialExpirationTime(), shift),
        at(b.startTimeOfState(), shift), at(b.cltt(), shift), b.ipFlags());
  }

  private static long at(long t, long shift) {
    return t <= 0 ? t : t + shift;
  }

  private static long late(long t, long shift) {
    return t <= 0 ? t : t + shift + SKEW_MARGIN;
  }

  /**
   * The PET errs early: it bounds the leases this node may give (digest §E.2); where it delays
   * reuse instead, {@link ReallocationPolicy} adds the margin back twice.
   */
  private static long early(long t, long shift) {
    return t <= 0 ? t : t + shift - SKEW_MARGIN;
  }
}
