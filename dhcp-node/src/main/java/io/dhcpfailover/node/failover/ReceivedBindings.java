package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.FailoverBinding;
import io.dhcpfailover.node.codec.failover.RejectReason;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;

/**
 * What a received BNDUPD becomes here, besides {@link BindingUpdateRules}' verdict: whether this
 * node may acknowledge it at all, and the binding to store (PETs, fences and flags). Pure, for
 * {@link BindingSync}.
 */
final class ReceivedBindings {
  private ReceivedBindings() {}

  /**
   * A node that lost its bindings does not know which leases it gave before: its "yes" to the end
   * of a lease (or to an address with a client going back to a pool) would let the partner give
   * the address to another client while a client of ours still holds it (seeds 16486, 30527: a
   * wiped node declared PARTNER-DOWN, then NORMAL beside its returning partner). Refused until the
   * longest lease + MCLT after the loss ({@code until}); the partner keeps the binding and offers it
   * again. In RECOVER the partner fences what we acknowledge itself (BindingSync.receiveAck).
   *
   * @return the refusal, or null when the update may be judged by the rules
   */
  static BindingUpdateRules.Verdict cannotVouch(
      Lease current, FailoverBinding b, ServerState state, long until, long now) {
    if (until <= now || state == ServerState.RECOVER || state == ServerState.STARTUP) {
      return null;
    }
    BindingState in = BindingState.fromCode(b.bindingStatus());
    boolean ends = in == BindingState.EXPIRED || in == BindingState.RELEASED || in == BindingState.RESET;
    boolean returns = (in == BindingState.FREE || in == BindingState.BACKUP)
        && (b.hardware() != null || b.clientId() != null || current.hardware() != null || current.clientId() != null);
    if (!ends && !returns) {
      return null;
    }
    return BindingUpdateRules.Verdict.reject(RejectReason.UNKNOWN_REASON,
        "bindings lost here; cannot confirm the end of a lease before " + until);
  }

  /** The binding to store for an accepted update, as {@code stored}, over {@code current}. */
  static Lease toStore(
      FailoverBinding b, BindingState stored, Lease current, ServerState state, long mclt, long now) {
    boolean clientInfo = stored == BindingState.ACTIVE || stored == BindingState.FREE;
    int flags = b.ipFlags() & 0xff;
    if (stored == BindingState.ACTIVE) {
      flags |= Lease.FLAG_PARTNER;
    }
    // the PET came through the partner's store and into our clock, moved early by the skew margin
    // each way: the horizon adds both margins back, as ReallocationPolicy.fenced does
    long fenceUntil = Math.max(b.potentialExpirationTime() + 2 * WireBinding.SKEW_MARGIN, b.leaseExpirationTime()) + mclt;
    if (state == ServerState.RECOVER && b.potentialExpirationTime() > 0 && fenceUntil >= now) {
      // recovered from the partner: a client of ours it never heard of (or heard of in an older
      // version) may hold the address until the PET it knew + MCLT (digest §E.3), also after
      // the partner's version of the lease has ended here. That is not covered by RECOVER-WAIT,
      // which counts from when this node asked, not from the PET (seed 152915: a PET that had
      // passed when it arrived, and a lease the client held beyond the end of the wait)
      flags |= Lease.FLAG_FENCED;
    }
    long pet = Math.max(b.potentialExpirationTime(), b.leaseExpirationTime());
    long end = b.leaseExpirationTime();
    if (stored == BindingState.ACTIVE && current.state() == BindingState.ACTIVE
        && current.belongsTo(b.clientId(), b.hardware())) {
      // the same client's lease from both sides (or a renewal the partner shortened to its
      // MCLT): the client may hold the later end, so it stays
      end = Math.max(end, current.end());
      pet = Math.max(pet, current.tsfp());
    }
    if (stored != BindingState.ACTIVE) {
      pet = Math.max(pet, Math.max(current.tsfp(), current.tstp()));
    }
    if (stored == BindingState.ABANDONED && current.end() > now
        && (current.state() == BindingState.ACTIVE || current.state() == BindingState.ABANDONED)) {
      // a DECLINE the partner read late can displace a lease given since (seed 152972): the
      // ABANDONED binding keeps that lease's end, also through the update sent again, before
      // which its client may still hold the address (the probation and a RESET wait for it)
      end = Math.max(end, current.end());
    }
    if (stored != BindingState.ACTIVE && ReallocationPolicy.fenced(current, mclt, now)) {
      // a fence learnt while recovering outlives later versions until its PET + MCLT; not a new
      // lease the partner granted: the PET stored with a lease is the one the partner knows,
      // which bounds every renewal here (a fence's later PET would let one run past it)
      flags |= Lease.FLAG_FENCED;
      pet = Math.max(pet, current.tsfp());
    }
    return new Lease(b.address(), stored, clientInfo ? b.clientId() : null, clientInfo ? b.hardware() : null,
        current.hostname(), b.startTimeOfState(), end,
        b.cltt(), current.tstp(), pet, flags);
  }
}
