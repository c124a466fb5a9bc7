package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.ServerState;

/** What the DHCP path and /status read: immutable, replaced on every change. */
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
    long reuseAfter) {}
