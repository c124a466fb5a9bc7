package io.dhcpfailover.node.failover;

import static io.dhcpfailover.node.lease.BindingState.ACTIVE;
import static io.dhcpfailover.node.lease.BindingState.BACKUP;
import static io.dhcpfailover.node.lease.BindingState.EXPIRED;
import static io.dhcpfailover.node.lease.BindingState.FREE;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.FailoverBinding;
import io.dhcpfailover.node.codec.failover.RejectReason;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;

/**
 * Whether to accept a received BNDUPD, as ISC dhcpd 4.4.3 decides (digest §F.1 "What ISC requires",
 * §F.2.7 dueling updates, §F.3 accepted transitions). Pure: the caller looks up the stored binding,
 * asks here, then stores and answers BNDACK (accept) or BNDACK with the reject reason and message.
 */
public final class BindingUpdateRules {
  /** ISC's text for reject 16, as captured (a-037). */
  public static final String LESS_CRITICAL =
      "incoming update is less critical than outgoing update";

  /** ISC lets an ACTIVE lease be expired by the partner from 65 s before its end (digest §F.3). */
  static final long EXPIRY_SLACK = 65;

  /**
   * How early before its end an ACTIVE lease may be expired by the partner: not at all. ISC allows
   * 65 s ({@link #EXPIRY_SLACK}), during which the address could be freed and given to another
   * client while its client still holds it. Updates arrive with their times moved into our clock,
   * late rather than early, so an expiry the partner sends at the lease's end is accepted; one
   * that arrives early is refused and sent again ({@link BindingSync}).
   */
  static long expirySlack(Lease current) {
    return 0;
  }

  /**
   * CLTTs this close count as a tie: the partner's are moved into our clock by a skew read to the
   * second on both sides, so both sides must see the same order (or the same tie) for them.
   */
  static final long CLTT_TIE_SECONDS = 2;

  /** Binding states that speak of a client transaction, ordered by their CLTT. */
  private static boolean clientState(BindingState s) {
    return s == ACTIVE || s == EXPIRED || s == BindingState.RELEASED;
  }

  private BindingUpdateRules() {}

  /**
   * The decision on one BNDUPD.
   *
   * @param accepted whether to store it and send an accepting BNDACK
   * @param reason the reject reason when not accepted, else null
   * @param message the BNDACK message text when not accepted, else null
   * @param storeAs the state to store when accepted: EXPIRED, RELEASED and RESET are stored FREE
   *     (BACKUP on the secondary for a reserved address), others as received (digest §F.3)
   * @param dropOwnPending whether an own unacknowledged update for this address must be forgotten
   *     (the incoming one won the duel, digest §F.2.7)
   */
  public record Verdict(
      boolean accepted,
      RejectReason reason,
      String message,
      BindingState storeAs,
      boolean dropOwnPending) {

    static Verdict reject(RejectReason reason, String message) {
      return new Verdict(false, reason, message, null, false);
    }
  }

  /**
   * Decides on {@code incoming}.
   *
   * @param role this server's role (the update comes from the other one)
   * @param state this server's failover state: the full table applies in NORMAL, only the conflict
   *     check elsewhere
   * @param current the stored binding for the address, or null if the address is in no pool of this
   *     relationship
   * @param ownPending the unacknowledged binding this server sent (or holds unsent) for the address,
   *     or null
   * @param now the current time
   */
  public static Verdict evaluate(
      Role role,
      ServerState state,
      Lease current,
      FailoverBinding incoming,
      FailoverBinding ownPending,
      long now) {
    BindingState in = BindingState.fromCode(incoming.bindingStatus());
    if (in == null) {
      return Verdict.reject(
          RejectReason.UNKNOWN_REASON, "unknown binding status " + incoming.bindingStatus());
    }
    if (current == null) {
      return Verdict.reject(RejectReason.ILLEGAL_IP_ADDRESS, "address not in any pool");
    }
    boolean needsClient = in == ACTIVE || in == EXPIRED || in == BindingState.RELEASED;
    if (needsClient && incoming.hardware() == null) {
      return Verdict.reject(
          RejectReason.MISSING_BINDING_INFORMATION, "no client hardware address for " + in);
    }
    if (in == BindingState.ABANDONED
        && (incoming.hardware() != null || incoming.clientId() != null)) {
      return Verdict.reject(RejectReason.UNKNOWN_REASON, "BNDUPD to ABANDONED with client data");
    }
    Verdict flags = checkFlags(role, current, incoming);
    if (flags != null) {
      return flags;
    }
    boolean revives =
        in == ACTIVE && incoming.leaseExpirationTime() > now
            && (current.state() == EXPIRED || current.state() == BindingState.RELEASED)
            && current.belongsTo(incoming.clientId(), incoming.hardware());
    // (ISC leaves CLTT out of some updates: no CLTT, no ordering by it)
    // an ABANDONED or RESET is ordered by its CLTT against a running lease as well (seed 32273)
    boolean ordered = clientState(in)
        || ((in == BindingState.ABANDONED || in == BindingState.RESET)
            && current.state() == ACTIVE && current.end() > now);
    if (ordered && !revives && incoming.cltt() > 0
        && incoming.cltt() < current.cltt() - CLTT_TIE_SECONDS) {
      // an update about an older client transaction than the one stored: never go back
      return Verdict.reject(
          RejectReason.OUTDATED_BINDING_INFORMATION,
          "client last transaction " + incoming.cltt() + " older than the stored " + current.cltt());
    }
    if (endsLease(in.code()) && current.state() == ACTIVE && current.end() > now
        && !current.belongsTo(incoming.clientId(), incoming.hardware())) {
      // the address was given to another client after this one's lease ended: whoever gave it
      // had seen that end, so it is older news than the lease stored (see runningLeaseWins)
      return Verdict.reject(
          RejectReason.OUTDATED_BINDING_INFORMATION, "the address has a later lease for another client");
    }
    if (current.state() == BindingState.ABANDONED && current.end() > now
        && (in == FREE || in == BACKUP || in == BindingState.RESET)) {
      // an ABANDONED that displaced a running lease keeps that lease's end (seed 152972: a stale
      // DECLINE): its client may hold the address until then
      return Verdict.reject(
          RejectReason.FATAL_CONFLICT, "declined address still held by a lease that runs until " + current.end());
    }
    boolean dropOwn = false;
    if (ownPending != null) {
      if (ownWins(role, ownPending, incoming, now)) {
        return Verdict.reject(RejectReason.LESS_CRITICAL_BINDING_INFORMATION, LESS_CRITICAL);
      }
      dropOwn = true;
    }
    boolean allowed =
        state == ServerState.NORMAL
            ? allowedInNormal(role, current, in, incoming, now)
            : allowedOutsideNormal(current, in, now);
    if (!allowed) {
      return Verdict.reject(
          RejectReason.FATAL_CONFLICT, "transition " + current.state() + " -> " + in + " refused");
    }
    return new Verdict(true, null, null, storedState(role, in, incoming), dropOwn);
  }

  /**
   * Dueling updates (digest §F.2.7; draft §7.1.3): one total order that both sides apply alike,
   * so crossing updates end in the same binding on both. The later CLTT (the partner's moved
   * into our clock) wins; within {@link #CLTT_TIE_SECONDS} of each other an
   * update that ends the client's binding (EXPIRED, RELEASED, RESET) beats one that continues it,
   * as it happened later in that transaction's life; anything else still tied goes to the
   * primary's version. ISC's cases agree: both ACTIVE, the newer CLTT wins, a tie the primary's.
   */
  static boolean ownWins(Role role, FailoverBinding own, FailoverBinding incoming, long now) {
    Boolean running = runningLeaseWins(own, incoming, now);
    if (running != null) {
      return running;
    }
    if (Math.abs(own.cltt() - incoming.cltt()) > CLTT_TIE_SECONDS) {
      return own.cltt() > incoming.cltt();
    }
    if (own.bindingStatus() == ACTIVE.code() && incoming.bindingStatus() == ACTIVE.code()
        && sameClient(own, incoming)) {
      // both servers answered one broadcast REQUEST: the client took one of the two ACKs, we do
      // not know which, so both sides take the other's and keep the later end (BindingSync)
      return false;
    }
    int ownRank = rank(own.bindingStatus());
    int inRank = rank(incoming.bindingStatus());
    if (ownRank != inRank) {
      return ownRank > inRank;
    }
    return role == Role.PRIMARY;
  }

  /**
   * Crossing updates, one a running lease and the other the end (EXPIRED, RELEASED) of a lease:
   * the running lease wins, whatever the CLTTs say. For one client: the CLTT of a RELEASE is when
   * the server read it, which after a stall can be long after the client sent it and got a new
   * lease from the partner; keeping a lease the client had in fact given up wastes an address
   * until its end, losing one it holds can give it to two clients. For two clients: the server
   * that gave the address to the second had seen the first one's lease end, so the end is the
   * older event even when both CLTTs fall in one second (seed 29292). Null when the rule does not
   * apply.
   */
  private static Boolean runningLeaseWins(FailoverBinding own, FailoverBinding incoming, long now) {
    boolean ownRuns = own.bindingStatus() == ACTIVE.code() && own.leaseExpirationTime() > now;
    boolean inRuns = incoming.bindingStatus() == ACTIVE.code() && incoming.leaseExpirationTime() > now;
    boolean ownEnds = endsLease(own.bindingStatus());
    boolean inEnds = endsLease(incoming.bindingStatus());
    if (ownRuns && inEnds) {
      return true;
    }
    if (inRuns && ownEnds) {
      return false;
    }
    return null;
  }

  private static boolean endsLease(int status) {
    return status == EXPIRED.code() || status == BindingState.RELEASED.code();
  }

  private static boolean sameClient(FailoverBinding a, FailoverBinding b) {
    if (a.clientId() != null || b.clientId() != null) {
      return java.util.Arrays.equals(a.clientId(), b.clientId());
    }
    return a.hardware() != null && java.util.Arrays.equals(a.hardware(), b.hardware());
  }

  private static int rank(int status) {
    BindingState s = BindingState.fromCode(status);
    if (s == null) {
      return 0;
    }
    return switch (s) {
      // a DECLINE ends the lease too (seed 1321: a decline and a renewal in one second)
      case EXPIRED, RELEASED, RESET, ABANDONED -> 2;
      case ACTIVE -> 1;
      default -> 0;
    };
  }

  /** The NORMAL table of digest §F.3. */
  private static boolean allowedInNormal(
      Role role, Lease current, BindingState in, FailoverBinding incoming, long now) {
    boolean toAvailable = in == FREE || in == BACKUP;
    boolean petPassed = incoming.potentialExpirationTime() <= now;
    return switch (current.state()) {
      case FREE, ABANDONED, RELEASED -> true;
      case ACTIVE ->
          role == Role.SECONDARY
              ? switch (in) {
                // ISC asks only that the PET has passed; a primary that sends FREE or BACKUP
                // (PET 0) for a lease still running here has not heard of it (seed 1898: it lost
                // its store): accepting would lose the client's binding
                case FREE, BACKUP -> petPassed && current.end() <= now;
                case EXPIRED -> current.end() - expirySlack(current) <= now;
                default -> true;
              }
              : in == ACTIVE || in == BindingState.RELEASED || in == BindingState.ABANDONED;
      case EXPIRED, RESET -> !toAvailable || petPassed;
      // ISC's secondary refuses anything but FREE/BACKUP for a BACKUP address; but a primary
      // that sends ACTIVE for it has given it to a client (in PARTNER-DOWN, after the MCLT), and
      // refusing would leave the address in our BACKUP pool for another client
      case BACKUP -> true;
    };
  }

  /** Outside NORMAL ISC only refuses what would take an ACTIVE lease away (digest §F.3). */
  private static boolean allowedOutsideNormal(Lease current, BindingState in, long now) {
    if (current.state() != ACTIVE) {
      return true;
    }
    if (in == FREE || in == BACKUP) {
      return false;
    }
    return in != EXPIRED || current.end() - expirySlack(current) <= now;
  }

  /**
   * Reserved-address checks (digest §F.3): an R flag for an address this server holds in its own
   * pool without a reservation is reject 19; a B flag there is reject 6.
   */
  private static Verdict checkFlags(Role role, Lease current, FailoverBinding incoming) {
    BindingState own = role == Role.PRIMARY ? FREE : BACKUP;
    if (current.state() != own || current.hasFlag(Lease.FLAG_RESERVED)) {
      return null;
    }
    if ((incoming.ipFlags() & Lease.FLAG_RESERVED) != 0) {
      return Verdict.reject(RejectReason.IP_NOT_RESERVED, "address not reserved here");
    }
    if ((incoming.ipFlags() & Lease.FLAG_BOOTP) != 0) {
      return Verdict.reject(RejectReason.UNKNOWN_REASON, "BOOTP flag for an unreserved address");
    }
    return null;
  }

  private static BindingState storedState(Role role, BindingState in, FailoverBinding incoming) {
    return switch (in) {
      case EXPIRED, RELEASED, RESET ->
          role == Role.SECONDARY && (incoming.ipFlags() & Lease.FLAG_RESERVED) != 0 ? BACKUP : FREE;
      default -> in;
    };
  }
}
