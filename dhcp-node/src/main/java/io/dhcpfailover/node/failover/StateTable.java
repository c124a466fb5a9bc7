package io.dhcpfailover.node.failover;

import static io.dhcpfailover.node.codec.failover.ServerState.COMMUNICATIONS_INTERRUPTED;
import static io.dhcpfailover.node.codec.failover.ServerState.CONFLICT_DONE;
import static io.dhcpfailover.node.codec.failover.ServerState.NORMAL;
import static io.dhcpfailover.node.codec.failover.ServerState.PAUSED;
import static io.dhcpfailover.node.codec.failover.ServerState.PARTNER_DOWN;
import static io.dhcpfailover.node.codec.failover.ServerState.POTENTIAL_CONFLICT;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER_DONE;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER_WAIT;
import static io.dhcpfailover.node.codec.failover.ServerState.RESOLUTION_INTERRUPTED;
import static io.dhcpfailover.node.codec.failover.ServerState.SHUTDOWN;
import static io.dhcpfailover.node.codec.failover.ServerState.UNKNOWN;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.ServerState;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a server does on its partner's STATE: the table of ISC dhcpd 4.4.3 (digest §D.3), row =
 * my (saved) state, column = the partner's reported state, with the draft's safety amendments
 * noted where they differ. Pure; {@link FailoverStateMachine} applies the decision.
 */
final class StateTable {
  /** Where ISC ignores a STATE repeating the recorded partner state (digest §D.3). */
  static final Set<ServerState> IGNORE_REPEATED =
      EnumSet.of(NORMAL, POTENTIAL_CONFLICT, RECOVER_DONE, RECOVER_WAIT, SHUTDOWN, PAUSED, UNKNOWN);

  private StateTable() {}

  /** D.4: the state a server moves to when communications fail. */
  static ServerState communicationsFailed(ServerState s) {
    return switch (s) {
      case NORMAL -> COMMUNICATIONS_INTERRUPTED;
      case POTENTIAL_CONFLICT, UNKNOWN -> RESOLUTION_INTERRUPTED;
      default -> s;
    };
  }

  enum Kind {
    STAY,
    GOTO,
    UPDREQALL,
    UPDREQ,
    VIOLATION
  }

  record Decision(Kind kind, ServerState target) {
    static final Decision STAY = new Decision(Kind.STAY, null);

    static Decision go(ServerState s) {
      return new Decision(Kind.GOTO, s);
    }

    static Decision violation(ServerState s) {
      return new Decision(Kind.VIOLATION, s);
    }
  }

  /**
   * One cell of digest §D.3: row = my (saved) state, column = the partner's reported state.
   *
   * @param recorded the partner state recorded before this STATE
   * @param inStartup whether I am in STARTUP (then {@code my} is the saved state)
   * @param partnerStarting whether the STATE carried the STARTUP flag
   */
  static Decision decide(
      Role role,
      ServerState my,
      ServerState p,
      ServerState recorded,
      boolean inStartup,
      boolean partnerStarting,
      boolean storeWasEmpty,
      boolean askedAll) {
    switch (my) {
      case NORMAL:
        return switch (p) {
          case PARTNER_DOWN -> Decision.go(inStartup ? RECOVER : POTENTIAL_CONFLICT);
          case POTENTIAL_CONFLICT, RESOLUTION_INTERRUPTED, CONFLICT_DONE ->
              Decision.violation(SHUTDOWN);
          case RECOVER, SHUTDOWN -> Decision.go(PARTNER_DOWN);
          case PAUSED -> Decision.go(COMMUNICATIONS_INTERRUPTED);
          default -> Decision.STAY;
        };
      case COMMUNICATIONS_INTERRUPTED:
        return switch (p) {
          case NORMAL, COMMUNICATIONS_INTERRUPTED, RECOVER_WAIT, RECOVER_DONE ->
              Decision.go(NORMAL);
          case PARTNER_DOWN, POTENTIAL_CONFLICT, RESOLUTION_INTERRUPTED, CONFLICT_DONE ->
              Decision.go(POTENTIAL_CONFLICT);
          case RECOVER, SHUTDOWN -> Decision.go(PARTNER_DOWN);
          default -> Decision.STAY;
        };
      case PARTNER_DOWN:
        if (partnerStarting) {
          return Decision.STAY;
        }
        return switch (p) {
          case NORMAL,
                  COMMUNICATIONS_INTERRUPTED,
                  PARTNER_DOWN,
                  POTENTIAL_CONFLICT,
                  RESOLUTION_INTERRUPTED,
                  CONFLICT_DONE ->
              Decision.go(POTENTIAL_CONFLICT);
          case RECOVER_DONE -> Decision.go(NORMAL);
          default -> Decision.STAY;
        };
      case RECOVER:
        if (storeWasEmpty
            && (p == NORMAL || p == POTENTIAL_CONFLICT || p == RESOLUTION_INTERRUPTED || p == CONFLICT_DONE)) {
          // a node that lost its bindings cannot resolve a conflict with UPDREQ (only the
          // partner's unacknowledged updates): it stays RECOVER and asks for everything; the
          // partner, seeing RECOVER, goes PARTNER-DOWN
          return inStartup || askedAll ? Decision.STAY : new Decision(Kind.UPDREQALL, null);
        }
        return switch (p) {
          case NORMAL, POTENTIAL_CONFLICT, RESOLUTION_INTERRUPTED, CONFLICT_DONE ->
              Decision.go(POTENTIAL_CONFLICT);
          case COMMUNICATIONS_INTERRUPTED, PARTNER_DOWN, RECOVER ->
              inStartup || askedAll ? Decision.STAY : new Decision(Kind.UPDREQALL, null);
          case SHUTDOWN -> Decision.go(PARTNER_DOWN);
          default -> Decision.STAY;
        };
      case RECOVER_DONE:
        return switch (p) {
          case NORMAL, RECOVER_DONE -> Decision.go(NORMAL);
          case SHUTDOWN -> Decision.go(PARTNER_DOWN);
          default -> Decision.STAY;
        };
      case POTENTIAL_CONFLICT:
        return switch (p) {
          case NORMAL -> Decision.violation(SHUTDOWN);
          // ISC: RECOVER on RECOVER; also on RECOVER-WAIT / RECOVER-DONE, where ISC stays for ever
          case RECOVER, RECOVER_WAIT, RECOVER_DONE -> Decision.go(RECOVER);
          case CONFLICT_DONE ->
              role == Role.SECONDARY && recorded != CONFLICT_DONE
                  ? new Decision(Kind.UPDREQ, null)
                  : Decision.STAY;
          case SHUTDOWN -> Decision.go(PARTNER_DOWN);
          default -> Decision.STAY;
        };
      case RESOLUTION_INTERRUPTED:
        return switch (p) {
          case SHUTDOWN -> Decision.go(PARTNER_DOWN);
          // ISC goes POTENTIAL-CONFLICT, and from there RECOVER on the partner's RECOVER; but that
          // STATE is not sent again, and POTENTIAL-CONFLICT beside RECOVER-WAIT / RECOVER-DONE
          // stays for ever (seed 153992): take both steps at once. RECOVER asks for the
          // partner's bindings and ends beside its RECOVER-DONE in NORMAL.
          case RECOVER, RECOVER_WAIT, RECOVER_DONE -> Decision.go(RECOVER);
          case PAUSED, STARTUP -> Decision.STAY;
          default -> Decision.go(POTENTIAL_CONFLICT);
        };
      case CONFLICT_DONE:
        return switch (p) {
          case NORMAL -> Decision.go(NORMAL);
          case POTENTIAL_CONFLICT, RESOLUTION_INTERRUPTED, STARTUP -> Decision.STAY;
          // the partner went NORMAL after our CONFLICT-DONE, and the link failed before its
          // STATE(NORMAL) reached us (seed 8844). ISC exits here, which leaves a pair that needs an
          // operator; resolving the conflict again is safe (neither serves new clients meanwhile)
          // and ends in NORMAL.
          // The partner timed out on us and served alone (seed 342640: we were killed here, and
          // it was given the partner-down command): both may have served, so resolve again.
          case COMMUNICATIONS_INTERRUPTED, PARTNER_DOWN -> Decision.go(POTENTIAL_CONFLICT);
          // The partner restarted into recovery: it learns from us as from a NORMAL server, and
          // serves nobody meanwhile. ISC exits on each of these. A partner that shuts down serves
          // nobody either: PARTNER-DOWN, as the draft says (ISC goes SHUTDOWN, which has no way
          // out without an operator).
          case RECOVER, RECOVER_WAIT, SHUTDOWN -> Decision.go(PARTNER_DOWN);
          // ISC exits (log_fatal) on the rest.
          default -> Decision.violation(SHUTDOWN);
        };
      default:
        // RECOVER-WAIT, SHUTDOWN, PAUSED: no automatic transitions.
        return Decision.STAY;
    }
  }
}
