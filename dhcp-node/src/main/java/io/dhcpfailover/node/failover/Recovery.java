package io.dhcpfailover.node.failover;

import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER_DONE;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER_WAIT;
import static io.dhcpfailover.node.codec.failover.ServerState.STARTUP;

import io.dhcpfailover.node.codec.failover.ServerState;

/**
 * What this node knows of its own bindings, and the waits that follow from what it does not
 * (digest §D.5, §E.3): whether it lost them (an empty store at start, remembered across restarts
 * until it has recovered them from the partner), where RECOVER and RECOVER-WAIT count from, and
 * the reuse horizon of a PARTNER-DOWN entered before recovering. Pure bookkeeping for {@link
 * FailoverStateMachine}, which owns the states.
 */
final class Recovery {
  private boolean storeWasEmpty;
  /** When this node last started with no bindings and has not recovered since (0: it has). */
  private long bindingsLostAt;
  /** Start of the current RECOVER (or of the saved one after a restart). */
  private long recoverStos;
  /** When this RECOVER first asked the partner (0: not yet). */
  private long askedAt;
  /** Where the RECOVER-WAIT being entered counts from. */
  private long waitFrom;
  private long waitEnd;
  private long reuseAfter;
  private boolean unrecoveredPartnerDown;
  /** The end of the last RECOVER-WAIT entered, kept across restarts (0: none). */
  private long reuseFence;
  /** No address that had a client goes to another before this (0: none); kept across restarts. */
  private long clientReuseFence;
  /**
   * Nothing goes to another client before this (0: none), for what a partner last known in
   * PARTNER-DOWN may have done alone; kept across restarts, lifted by its answer to our request.
   */
  private long aloneFence;

  /** At start: the persisted record (null: none) and whether the lease store was empty. */
  void started(FailoverStateRecord persisted, boolean storeEmpty, ServerState savedState, long savedStos, long now) {
    storeWasEmpty = storeEmpty;
    // a new pair looks the same: its first RECOVER, answered, forgets it (nothing was lost)
    bindingsLostAt = persisted == null || storeEmpty ? now : persisted.bindingsLostAt();
    reuseFence = persisted == null || storeEmpty ? 0 : persisted.reuseFence();
    clientReuseFence = persisted == null || storeEmpty ? 0 : persisted.clientReuseFence();
    aloneFence = persisted == null || storeEmpty ? 0 : persisted.aloneFence();
    if (savedState == RECOVER || savedState == RECOVER_WAIT) {
      // a node restarted in RECOVER-WAIT waits again from when it entered it (its start of the
      // wait lay no later): the rest of the wait is not skipped
      recoverStos = savedStos;
    }
  }

  boolean storeWasEmpty() {
    return storeWasEmpty;
  }

  /** Lost its bindings and not recovered them: ask for all, vouch for no end of a lease. */
  boolean lostBindings() {
    return storeWasEmpty || bindingsLostAt != 0;
  }

  /**
   * When this node last started without its bindings (its store empty) and has not recovered them
   * from the partner since, or 0: until the longest lease + MCLT after it, a lease it gave before
   * may be held by a client it no longer knows of, so it vouches for no end of a lease and gives
   * no address to a new client (see ReceivedBindings, FailoverStateMachine.reuseAfter).
   */
  long bindingsLostAt() {
    return bindingsLostAt;
  }

  boolean asked() {
    return askedAt > 0;
  }

  void enteredRecover(long stos) {
    recoverStos = stos;
    askedAt = 0;
  }

  void askedInRecover(long now) {
    if (askedAt == 0) {
      askedAt = now;
    }
  }

  /**
   * The partner answered RECOVER's request: the bindings are recovered as the draft means (the
   * partner sent every one it knows and fenced what it knows a PET for). Not when the partner
   * recovers too and has clients (seed 20605): it was away, so this node may have served alone
   * in PARTNER-DOWN before it lost its store, with leases of any length nobody else knows; the
   * loss is then remembered until its longest lease + MCLT. Returns where the RECOVER-WAIT counts
   * from.
   *
   * @param partnerKnowsClients whether the partner has sent a binding with a client (if not, and
   *     both recover with nothing, this is a new pair: nothing was ever given)
   */
  long answered(ServerState partner, long now, boolean partnerKnowsClients) {
    boolean partnerWasAway = partner == RECOVER || partner == RECOVER_WAIT || partner == RECOVER_DONE;
    if (!partnerWasAway || !partnerKnowsClients) {
      bindingsLostAt = 0;
    }
    if (!partnerWasAway) {
      // its UPDDONE follows every binding it changed that we had not acknowledged, so also what
      // it did alone in PARTNER-DOWN while we were away (a rolling restart of ours)
      aloneFence = 0;
    }
    if (partner == RECOVER || partner == RECOVER_DONE) {
      // both recovering: a fresh pair (our store empty) has nothing to wait for; a node that
      // kept its bindings may face clients its partner served alone before the partner lost
      // its own, each of them gone by MCLT after the partner stopped, so it waits from now
      return storeWasEmpty ? Long.MIN_VALUE / 4 : Math.max(recoverStos, now);
    }
    // a node that lost its bindings counts the wait from when it asked for them, not from its
    // start (a client it served before may have been renewed meanwhile)
    return storeWasEmpty && askedAt > 0 ? Math.max(recoverStos, askedAt) : recoverStos;
  }

  void waitFrom(long from) {
    waitFrom = from;
  }

  /** Entering RECOVER-WAIT: its end. */
  long enteredRecoverWait(long mclt) {
    waitEnd = Math.max(recoverStos, waitFrom) + mclt;
    reuseFence = Math.max(reuseFence, waitEnd);
    return waitEnd;
  }

  /**
   * No address goes to another client before this (0: no bound): the end of the last RECOVER-WAIT
   * this node entered. The wait is for clients this node served before it lost its bindings; a
   * partner-down command that cuts it short, a restart, or NORMAL reached through
   * POTENTIAL-CONFLICT do not make those clients' leases end sooner (seed 101787).
   */
  long reuseFence() {
    return reuseFence;
  }

  /**
   * The partner, last known serving alone in PARTNER-DOWN ({@code partner}), went out of sight or
   * stopped (link down, SHUTDOWN, a restart of ours): it may have given addresses of our pool to
   * clients whose updates never reached us, each lease ending by now + MCLT (its grants are
   * bounded so), so nothing goes to another client before then (seed 179382: its updates stuck
   * behind a one-way partition, then a SIGTERM and our PARTNER-DOWN). Again when we enter
   * PARTNER-DOWN ourselves beside it (seed 125484: cut off, it served on until it was killed and
   * we were given the partner-down command). Until the partner answers a request of ours for
   * its updates without having lost its own ({@link #answered}).
   */
  boolean partnerOutOfSight(ServerState partner, long now, long mclt) {
    if (partner != ServerState.PARTNER_DOWN || aloneFence >= now + mclt) {
      return false;
    }
    aloneFence = now + mclt;
    return true;
  }

  /**
   * No address goes to a client other than its own before this time (0: no such bound). In
   * PARTNER-DOWN entered from RECOVER-WAIT: the end of the wait the command cut short. Entered
   * before recovering (from RECOVER): this node knows no binding, so any lease its own clients or
   * the partner's hold ends by PARTNER-DOWN's start + the longest lease + MCLT. And whatever the
   * state: the reuse fence, and for a node that lost its bindings and has not recovered them, the
   * longest lease + MCLT after the loss (a lease it gave before may run until then, seed 1898).
   */
  long reuseAfter(ServerState state, long maxLeaseSeconds, long mclt) {
    long r = 0;
    if (state == ServerState.PARTNER_DOWN) {
      r = reuseAfter + (unrecoveredPartnerDown ? maxLeaseSeconds : 0);
    }
    return Math.max(Math.max(r, Math.max(reuseFence, aloneFence)), bindingsUncertainUntil(maxLeaseSeconds, mclt));
  }

  /** Until when this node, having lost its bindings, vouches for no end of a lease (0: none). */
  long bindingsUncertainUntil(long maxLeaseSeconds, long mclt) {
    return bindingsLostAt == 0 ? 0 : bindingsLostAt + maxLeaseSeconds + mclt;
  }

  /** The record to persist: the given states, with what this class keeps across restarts. */
  FailoverStateRecord record(ServerState state, long since, ServerState partner, long partnerSince, long mclt) {
    return new FailoverStateRecord(
        state, since, partner, partnerSince, mclt, bindingsLostAt, reuseFence, clientReuseFence, aloneFence);
  }

  /**
   * The partner asks for every binding: it lost its store ({@link #partnerLostItsStore}). If it
   * may also have served alone in PARTNER-DOWN, from our pool too, while out of contact with us
   * ({@code servedAlone}), its leases of then are known to nobody and end by now + MCLT, so no
   * address goes to another client before that (seed 154017); not for a node that knows no
   * binding itself (a new pair: {@link #lostBindings} covers the rest). Whether to persist.
   */
  boolean partnerAskedForAll(long now, long mclt, boolean servedAlone) {
    boolean changed = partnerLostItsStore(now, mclt);
    if (servedAlone && !lostBindings() && reuseFence < now + mclt) {
      fenceReuseUntil(now + mclt);
      changed = true;
    }
    return changed;
  }

  /**
   * The partner asks for every binding: it lost its store. Before, it may have renewed a client
   * (by up to the MCLT at a time, which needs no answer of ours) or given an address back to its
   * client with updates that never reached us: such a lease ends by now + MCLT, so no address that
   * had a client goes to another before then (seed 179453: our view of a lease the partner renewed
   * while we were stopped was stale, and we expired it). Addresses that never had one stay free.
   */
  private boolean partnerLostItsStore(long now, long mclt) {
    if (clientReuseFence >= now + mclt) {
      return false;
    }
    clientReuseFence = now + mclt;
    return true;
  }

  long clientReuseFence() {
    return clientReuseFence;
  }

  /** Nothing goes to another client before {@code until} (kept across restarts). */
  void fenceReuseUntil(long until) {
    reuseFence = Math.max(reuseFence, until);
  }

  long waitEnd() {
    return waitEnd;
  }

  /** For tests that place the machine in a state directly. */
  void forced(long since, long mclt) {
    recoverStos = since;
    waitEnd = since + mclt;
  }

  /**
   * Entering PARTNER-DOWN from {@code from}: unrecovered (from RECOVER, or from a start saved in
   * RECOVER), it knows no binding, so nothing is reused before its start + MCLT (the core adds the
   * longest lease time); from RECOVER-WAIT, its own clients of before it lost its data may hold
   * any address until the end of the wait the command cut short.
   */
  void enteredPartnerDown(ServerState from, ServerState savedState, long stos, long mclt) {
    unrecoveredPartnerDown = from == RECOVER || (from == STARTUP && savedState == RECOVER);
    reuseAfter = unrecoveredPartnerDown ? stos + mclt : from == RECOVER_WAIT ? waitEnd : 0;
  }
}
