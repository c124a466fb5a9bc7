package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.FailoverMessage;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import java.util.ArrayList;
import java.util.List;

/**
 * Expiries that arrive a moment before the lease ends here (the partner's clock, or the margin our
 * copy of its end carries; ISC as primary sends one at its own end): held and answered when the
 * lease ends here, instead of refused.
 */
final class EarlyExpiries {
  private record Waiting(FailoverMessage message, Object link, long end) {}

  private final List<Waiting> waiting = new ArrayList<>();

  /** Whether {@code incoming} is such an expiry of {@code current}. */
  static boolean expiresSoon(Lease current, BindingState incoming, long now) {
    return incoming == BindingState.EXPIRED && current.state() == BindingState.ACTIVE
        && current.end() > now && current.end() <= now + 2 * WireBinding.SKEW_MARGIN + 1;
  }

  void hold(FailoverMessage m, Object link, long end) {
    waiting.add(new Waiting(m, link, end));
  }

  /**
   * The held updates whose lease has ended by {@code now}, taken off the list; those received on
   * an earlier connection are dropped (the partner sends them again on the new one).
   */
  List<FailoverMessage> due(Object currentLink, long now) {
    List<FailoverMessage> due = new ArrayList<>();
    waiting.removeIf(w -> {
      if (w.link() != currentLink) {
        return true;
      }
      if (w.end() <= now) {
        due.add(w.message());
        return true;
      }
      return false;
    });
    return due;
  }
}
