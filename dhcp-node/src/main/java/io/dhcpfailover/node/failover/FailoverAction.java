package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.ServerState;

/** Something the caller of {@link FailoverStateMachine} must do; the machine itself does no I/O. */
public sealed interface FailoverAction {

  /** Send STATE with these values (digest §B, §D.2: in STARTUP the saved state plus flag 1). */
  record SendState(ServerState state, int flags, long startTimeOfState) implements FailoverAction {}

  /**
   * Send UPDREQALL ({@code all}) or UPDREQ (digest §F.4): ISC in RECOVER always asks for all; in
   * POTENTIAL-CONFLICT for the unacked ones. {@code onlyToLearn}: a node that lost its bindings
   * and serves without having recovered them asks to learn what the partner knows; that UPDDONE
   * moves no state.
   */
  record SendUpdateRequest(boolean all, boolean onlyToLearn) implements FailoverAction {
    SendUpdateRequest(boolean all) {
      this(all, false);
    }
  }

  /**
   * Re-queue every binding the partner has not acknowledged (plus EXPIRED/RELEASED/RESET ones) for
   * BNDUPD (digest §D.5 "Entry to NORMAL", "Any state change").
   */
  record ResendUpdates() implements FailoverAction {}

  /** Run pool balancing (digest §G: on entering NORMAL, both roles). */
  record BalancePools() implements FailoverAction {}

  /**
   * On entering PARTNER-DOWN: released, expired and reset bindings become reusable at {@code
   * reclaimAt} = start of PARTNER-DOWN + MCLT (their tsfp, digest §D.5, §E.3).
   */
  record ScheduleReclaim(long reclaimAt) implements FailoverAction {}

  /** Write this record to stable storage before acting further (digest §D.5). */
  record PersistState(FailoverStateRecord record) implements FailoverAction {}

  /** Begin answering DHCP clients as {@link ServingPolicy} allows. */
  record StartServing() implements FailoverAction {}

  /** Stop answering DHCP clients (digest §D.1). */
  record StopServing() implements FailoverAction {}

  /** Close the failover connection (receive timer expired; ISC sends no DISCONNECT, §J.24). */
  record CloseLink() implements FailoverAction {}

  /**
   * The partner broke the protocol in a way ISC answers with SHUTDOWN or by exiting (digest §D.3
   * "SHUTDOWN (error)", "exits", §C invalid state). We go to SHUTDOWN and report it.
   */
  record ProtocolViolation(String detail) implements FailoverAction {}
}
