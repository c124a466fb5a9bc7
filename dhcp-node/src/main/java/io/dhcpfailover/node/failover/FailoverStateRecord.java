package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.ServerState;

/**
 * The failover state kept in stable storage, like ISC's lease-file {@code failover peer ... state}
 * record (digest §D.2, §I): my state and since when, the partner's last known state and since when
 * (our receive time, as ISC stamps it), and the MCLT (the secondary adopts the primary's). And
 * when this node last lost its bindings (started with an empty store; 0: never): until the
 * longest lease + MCLT after that, a client it served before may hold any address it gave. And
 * the end of the last RECOVER-WAIT this node entered ({@code reuseFence}, 0: none): a client it
 * served before it lost its bindings may hold an address until then, whatever state the node has
 * reached since (PARTNER-DOWN by command, a restart, NORMAL), so nothing is reused before it.
 * And {@code clientReuseFence} (0: none): the partner lost its store when it may have renewed
 * clients with updates that never reached us, so no address that had a client goes to another
 * before then. And {@code aloneFence} (0: none): a partner last known serving alone in
 * PARTNER-DOWN went out of sight, so nothing is reused before then unless it has since answered
 * our request for its updates.
 */
public record FailoverStateRecord(
    ServerState state,
    long since,
    ServerState partnerState,
    long partnerSince,
    long mclt,
    long bindingsLostAt,
    long reuseFence,
    long clientReuseFence,
    long aloneFence) {

  public FailoverStateRecord(
      ServerState state, long since, ServerState partnerState, long partnerSince, long mclt) {
    this(state, since, partnerState, partnerSince, mclt, 0, 0, 0, 0);
  }

  public FailoverStateRecord(
      ServerState state, long since, ServerState partnerState, long partnerSince, long mclt,
      long bindingsLostAt) {
    this(state, since, partnerState, partnerSince, mclt, bindingsLostAt, 0, 0, 0);
  }

  public FailoverStateRecord(
      ServerState state, long since, ServerState partnerState, long partnerSince, long mclt,
      long bindingsLostAt, long reuseFence) {
    this(state, since, partnerState, partnerSince, mclt, bindingsLostAt, reuseFence, 0, 0);
  }

  public FailoverStateRecord(
      ServerState state, long since, ServerState partnerState, long partnerSince, long mclt,
      long bindingsLostAt, long reuseFence, long clientReuseFence) {
    this(state, since, partnerState, partnerSince, mclt, bindingsLostAt, reuseFence, clientReuseFence, 0);
  }

  public FailoverStateRecord {
    if (state == null || partnerState == null) {
      throw new IllegalArgumentException("states are required");
    }
  }
}
