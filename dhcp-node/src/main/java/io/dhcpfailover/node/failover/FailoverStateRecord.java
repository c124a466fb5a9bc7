package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.ServerState;

/**
 * The failover state kept in stable storage, like ISC's lease-file {@code failover peer ... state}
 * record (digest §D.2, §I): my state and since when, the partner's last known state and since when
 * (our receive time, as ISC stamps it), and the MCLT (the secondary adopts the primary's).
 */
public record FailoverStateRecord(
    ServerState state, long since, ServerState partnerState, long partnerSince, long mclt) {

  public FailoverStateRecord {
    if (state == null || partnerState == null) {
      throw new IllegalArgumentException("states are required");
    }
  }
}
