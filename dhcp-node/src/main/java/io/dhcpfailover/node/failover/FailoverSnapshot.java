package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.ServerState;

/**
 * What the DHCP path and /status read: immutable, replaced on every change. {@code
 * bindingsUncertainUntil}: until when this node, having lost its bindings without recovering them
 * from a partner that knew them, gives no address to a new client (0: it has not lost them).
 * {@code clientReuseAfter}: no address that had a client goes to another before this (0: none;
 * Recovery.partnerLostItsStore).
 */
public record FailoverSnapshot(
    ServerState state,
    long since,
    ServerState partnerState,
    boolean linkUp,
    long lastContact,
    int unacked,
    int queued,
    long mclt,
    byte[] hba,
    long recoverWaitEnd,
    long reuseAfter,
    long bindingsUncertainUntil,
    long clientReuseAfter) {

  public FailoverSnapshot(ServerState state, long since, ServerState partnerState, boolean linkUp,
      long lastContact, int unacked, int queued, long mclt, byte[] hba, long recoverWaitEnd,
      long reuseAfter, long bindingsUncertainUntil) {
    this(state, since, partnerState, linkUp, lastContact, unacked, queued, mclt, hba, recoverWaitEnd,
        reuseAfter, bindingsUncertainUntil, 0);
  }
}
