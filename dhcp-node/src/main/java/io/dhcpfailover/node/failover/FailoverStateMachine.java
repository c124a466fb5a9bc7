package io.dhcpfailover.node.failover;

import static io.dhcpfailover.node.codec.failover.ServerState.COMMUNICATIONS_INTERRUPTED;
import static io.dhcpfailover.node.codec.failover.ServerState.CONFLICT_DONE;
import static io.dhcpfailover.node.codec.failover.ServerState.NORMAL;
import static io.dhcpfailover.node.codec.failover.ServerState.PARTNER_DOWN;
import static io.dhcpfailover.node.codec.failover.ServerState.POTENTIAL_CONFLICT;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER_DONE;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER_WAIT;
import static io.dhcpfailover.node.codec.failover.ServerState.RESOLUTION_INTERRUPTED;
import static io.dhcpfailover.node.codec.failover.ServerState.SHUTDOWN;
import static io.dhcpfailover.node.codec.failover.ServerState.STARTUP;
import static io.dhcpfailover.node.codec.failover.ServerState.UNKNOWN;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.ServerState;
import java.util.ArrayList;
import java.util.List;

/**
 * The failover server state machine as ISC dhcpd 4.4.3 runs it (draft-ietf-dhc-failover-12 §9;
 * digest §D). Pure: no sockets, threads or clocks; every event takes the current Unix time in
 * seconds and returns a {@link Transition} whose actions the caller performs (send STATE, UPDREQ,
 * persist, start or stop serving...).
 *
 * <p>Events:
 *
 * <ul>
 *   <li>{@link #startup} once, with the persisted record (digest §D.2);
 *   <li>{@link #linkUp} after CONNECT/CONNECTACK succeeded, {@link #linkDown} when the TCP
 *       connection closed, {@link #receiveTimerExpired} when nothing arrived for the receive timer
 *       (digest §D.4, §D.5 link timers);
 *   <li>{@link #partnerState} for every STATE received (digest §D.3), {@link #partnerStateInvalid}
 *       for a server-state value ISC does not know (digest §C);
 *   <li>{@link #updatesDone} for UPDDONE answering our UPDREQ/UPDREQALL (digest §D.5);
 *   <li>{@link #tick} periodically: the 15 s startup timer, the RECOVER-WAIT end (stos of RECOVER +
 *       MCLT) and auto-partner-down (digest §D.2, §D.5);
 *   <li>{@link #adminPartnerDown}, {@link #shutdown}, {@link #mcltLearned}.
 * </ul>
 */
public final class FailoverStateMachine {
  /** ISC's startup timer (digest §D.2; captures d3 confirm 15.0 s). */
  public static final long STARTUP_SECONDS = 15;

  private final Role role;
  private final long autoPartnerDownSeconds;
  private long mclt;

  private ServerState state = UNKNOWN;
  private long stos;
  private ServerState savedState;
  private long savedStos;
  private long startupDeadline;
  private ServerState partner = UNKNOWN;
  private long partnerStos;
  /** The partner's state before its SHUTDOWN: it comes back in PARTNER-DOWN if it left from it. */
  private ServerState partnerLeftFrom = UNKNOWN;
  private boolean linked;
  private final Recovery recovery = new Recovery();
  private boolean serving;
  private Departure departure;

  /**
   * @param role this server's role
   * @param mclt the MCLT in seconds (the primary's configured value; a secondary may pass 0 and
   *     learn it from CONNECT via {@link #mcltLearned})
   * @param autoPartnerDownSeconds seconds in COMMUNICATIONS-INTERRUPTED before moving to
   *     PARTNER-DOWN on its own; 0 = never (ISC's default, digest §D.5)
   */
  public FailoverStateMachine(Role role, long mclt, long autoPartnerDownSeconds) {
    this.role = role;
    this.mclt = mclt;
    this.autoPartnerDownSeconds = autoPartnerDownSeconds;
  }

  public Role role() {
    return role;
  }

  /** The current state; {@link ServerState#STARTUP} until the startup phase ends. */
  public ServerState state() {
    return state;
  }

  /** When the current state began (in STARTUP: of the saved state). */
  public long startTimeOfState() {
    return state == STARTUP ? savedStos : stos;
  }

  public ServerState partnerState() {
    return partner;
  }

  public long mclt() {
    return mclt;
  }

  public boolean linked() {
    return linked;
  }

  /** No address goes to a client other than its own before this time (0: none): Recovery. */
  public long reuseAfter(long maxLeaseSeconds) {
    return recovery.reuseAfter(state, maxLeaseSeconds, mclt);
  }

  /** No address that had a client goes to another before this (0: no such bound). */
  public long clientReuseAfter() {
    return recovery.clientReuseFence();
  }

  /** Until when this node, having lost its bindings, vouches for no end of a lease (0: none). */
  public long bindingsUncertainUntil(long maxLeaseSeconds) {
    return recovery.bindingsUncertainUntil(maxLeaseSeconds, mclt);
  }

  /** When this node lost its bindings and has not recovered them since (0: it has): Recovery. */
  public long bindingsLostAt() {
    return recovery.bindingsLostAt();
  }

  /** End of RECOVER-WAIT (stos of RECOVER + MCLT) while in RECOVER-WAIT, else 0. */
  public long recoverWaitEnd() {
    return state == RECOVER_WAIT ? recovery.waitEnd() : 0;
  }

  /** The state as sent in STATE: the saved state while in STARTUP (digest §D.2 step 3). */
  public ServerState wireState() {
    return state == STARTUP ? savedState : state;
  }

  /** The server-flags to send: STARTUP while in STARTUP (digest §D.2). */
  public int wireFlags() {
    return state == STARTUP ? ServerState.FLAG_STARTUP : 0;
  }

  /** The record to persist for the current situation. */
  public FailoverStateRecord record() {
    if (state == SHUTDOWN && departure != null) {
      return departure.record(recovery, partner, partnerStos, mclt);
    }
    return recovery.record(wireState(), startTimeOfState(), partner, partnerStos, mclt);
  }

  /**
   * Starts up (digest §D.2). With no record, or a lease store found empty, the server is RECOVER
   * since {@code now} (lost stable storage); else the persisted state is the "saved state". Either
   * way it enters STARTUP for {@value #STARTUP_SECONDS} s.
   */
  public Transition startup(FailoverStateRecord persisted, long now, boolean storeWasEmpty) {
    Tx tx = new Tx();
    if (persisted == null || storeWasEmpty) {
      savedState = RECOVER;
      savedStos = now;
      partner = UNKNOWN;
      partnerStos = 0;
    } else {
      ServerState s = persisted.state();
      savedState = s == STARTUP || s == UNKNOWN ? RECOVER : s;
      savedStos = persisted.since();
      partner = persisted.partnerState();
      partnerStos = persisted.partnerSince();
      partnerLeftFrom = partner == SHUTDOWN ? PARTNER_DOWN : UNKNOWN; // not recorded: the worst
      if (role == Role.SECONDARY && persisted.mclt() > 0) {
        mclt = persisted.mclt();
      }
    }
    state = STARTUP;
    startupDeadline = now + STARTUP_SECONDS;
    recovery.started(persisted, storeWasEmpty, savedState, savedStos, now);
    recovery.partnerOutOfSight(partner, now, mclt);
    return tx.finish();
  }

  /** The failover link is established: tell the partner our state (digest §B notes). */
  public Transition linkUp(long now) {
    Tx tx = new Tx();
    linked = true;
    tx.sendState();
    if (state == RECOVER) {
      // communications restored: restart the transition out of RECOVER (draft §9.5), whatever
      // the partner's state; an earlier request died with the old connection
      tx.askAll(now);
    } else if (recovery.bindingsLostAt() != 0 && state != STARTUP) {
      // lost its bindings and serves without having recovered them (PARTNER-DOWN by command):
      // learn what the partner knows, and have it fence what we may have given
      tx.actions.add(new FailoverAction.SendUpdateRequest(true, true));
    }
    return tx.finish();
  }

  /** The partner asks for every binding, having lost its store: Recovery.partnerAskedForAll. */
  public Transition partnerAskedForAll(long now, boolean servedAlone) {
    Tx tx = new Tx();
    if (recovery.partnerAskedForAll(now, mclt, servedAlone)) {
      tx.persist();
    }
    return tx.finish();
  }

  /** The TCP connection closed: "communications failed" (digest §D.4). */
  public Transition linkDown(long now) {
    Tx tx = new Tx();
    linked = false;
    if (recovery.partnerOutOfSight(partner, now, mclt)) {
      tx.persist();
    }
    if (state != STARTUP) {
      ServerState next = StateTable.communicationsFailed(state);
      if (next != state) {
        tx.enter(next, now);
      }
    }
    return tx.finish();
  }

  /**
   * Nothing arrived for our receive timer: close the link (ISC sends no DISCONNECT, digest §J.24),
   * then as {@link #linkDown}.
   */
  public Transition receiveTimerExpired(long now) {
    Transition down = linkDown(now);
    List<FailoverAction> actions = new ArrayList<>();
    actions.add(new FailoverAction.CloseLink());
    actions.addAll(down.actions());
    return new Transition(down.from(), down.to(), actions);
  }

  /**
   * The partner's STATE (digest §D.2 step 4, §D.3). {@code flags} is its server-flags; ISC stamps
   * the partner's start time with its own receive time, so {@code now} is recorded as such.
   */
  public Transition partnerState(ServerState reported, int flags, long now) {
    if (reported == null || reported == UNKNOWN) {
      return partnerStateInvalid(reported == null ? -1 : 0, now);
    }
    Tx tx = new Tx();
    ServerState recorded = partner;
    if (reported != NORMAL && reported != PARTNER_DOWN) {
      recovery.partnerOutOfSight(recorded, now, mclt);
      partnerLeftFrom = reported == SHUTDOWN ? recorded : partnerLeftFrom;
    }
    partner = reported;
    partnerStos = now;
    boolean partnerStarting = (flags & ServerState.FLAG_STARTUP) != 0;
    if (state == STARTUP) {
      if (reported == recorded) {
        tx.leaveStartup(
            savedState == RESOLUTION_INTERRUPTED ? POTENTIAL_CONFLICT : savedState, now);
        // the partner is where we left it; the table still applies to that pair of states (a
        // PARTNER-DOWN node back beside a RECOVER-DONE partner goes NORMAL, else both wait for
        // a STATE the partner has no reason to send again)
        tx.apply(StateTable.decide(role, state, reported, recorded, false, partnerStarting, recovery.storeWasEmpty(), recovery.asked()), now);
      } else {
        StateTable.Decision d = StateTable.decide(role, savedState, reported, recorded, true, partnerStarting, recovery.storeWasEmpty(), recovery.asked());
        tx.apply(d, now);
        if (state == STARTUP) {
          tx.leaveStartup(savedState, now);
        }
      }
    } else if (reported == recorded && StateTable.IGNORE_REPEATED.contains(state)) {
      return tx.finish();
    } else {
      tx.apply(StateTable.decide(role, state, reported, recorded, false, partnerStarting, recovery.storeWasEmpty(), recovery.asked()), now);
    }
    if (partner != recorded && !tx.has(FailoverAction.PersistState.class)) {
      tx.persist();
    }
    return tx.finish();
  }

  /** A STATE with a server-state value ISC does not know: ISC moves itself to SHUTDOWN (§C). */
  public Transition partnerStateInvalid(int code, long now) {
    Tx tx = new Tx();
    tx.actions.add(new FailoverAction.ProtocolViolation("invalid partner state " + code));
    tx.enter(SHUTDOWN, now);
    return tx.finish();
  }

  /**
   * UPDDONE received for our UPDREQ or UPDREQALL (digest §D.5); {@code partnerKnowsClients}: the
   * partner has sent a binding with a client.
   */
  public Transition updatesDone(long now, boolean partnerKnowsClients) {
    Tx tx = new Tx();
    if (state == RECOVER) {
      long from = recovery.answered(partner, now, partnerKnowsClients);
      tx.persist();
      if (from + mclt > now) {
        recovery.waitFrom(from);
        tx.enter(RECOVER_WAIT, now);
      } else {
        tx.enter(RECOVER_DONE, now);
      }
    } else if (state == POTENTIAL_CONFLICT) {
      if (partner == CONFLICT_DONE) {
        if (role == Role.SECONDARY) {
          tx.enter(NORMAL, now);
        } else {
          tx.actions.add(
              new FailoverAction.ProtocolViolation(
                  "primary got UPDDONE with partner CONFLICT-DONE"));
          tx.enter(SHUTDOWN, now);
        }
      } else if (role == Role.PRIMARY) {
        tx.enter(CONFLICT_DONE, now);
      }
    }
    return tx.finish();
  }

  /**
   * Timers (digest §D.2, §D.5): the startup timer (comm-failed transition of the saved state), the
   * end of RECOVER-WAIT, and auto-partner-down after the configured time in
   * COMMUNICATIONS-INTERRUPTED.
   */
  public Transition tick(long now) {
    Tx tx = new Tx();
    if (state == STARTUP && now >= startupDeadline) {
      tx.leaveStartup(StateTable.communicationsFailed(savedState), now);
    } else if (state == RECOVER_WAIT && now >= recovery.waitEnd()) {
      tx.enter(RECOVER_DONE, now);
    } else if (state == COMMUNICATIONS_INTERRUPTED
        && autoPartnerDownSeconds > 0
        && now >= stos + autoPartnerDownSeconds) {
      tx.enter(PARTNER_DOWN, now);
    }
    return tx.finish();
  }

  /** Operator command: move to PARTNER-DOWN from any state (digest §D.5). */
  public Transition adminPartnerDown(long now) {
    Tx tx = new Tx();
    if (state != PARTNER_DOWN) {
      tx.enter(PARTNER_DOWN, now);
    }
    return tx.finish();
  }

  /**
   * Graceful stop: SHUTDOWN, sent to the partner so it can go PARTNER-DOWN (digest §D.5). The
   * record persisted is RECOVER (as ISC's gentle shutdown records), since the partner may allocate
   * from our pool once we are gone; its start is {@code now - MCLT} when the partner is already
   * PARTNER-DOWN, so the restart need not wait the MCLT again.
   */
  public Transition shutdown(long now, boolean allAcked) {
    Tx tx = new Tx();
    departure = state != SHUTDOWN || departure == null
        ? new Departure(state == STARTUP ? savedState : state, startTimeOfState(), now, allAcked)
        : new Departure(departure.from(), departure.fromStos(), now, allAcked);
    tx.enter(SHUTDOWN, now);
    tx.persist();
    return tx.finish();
  }

  /** The secondary adopts the MCLT of the primary's CONNECT and persists it (digest §C, 15). */
  public Transition mcltLearned(long newMclt) {
    Tx tx = new Tx();
    if (newMclt != mclt) {
      mclt = newMclt;
      tx.persist();
    }
    return tx.finish();
  }

  /** Places the machine in a state directly; for table-driven tests of single transitions. */
  void force(ServerState my, long since, ServerState partnerNow, boolean isLinked) {
    state = my;
    stos = since;
    savedState = my;
    savedStos = since;
    partner = partnerNow;
    linked = isLinked;
    if (my == RECOVER || my == RECOVER_WAIT) {
      recovery.forced(since, mclt);
    }
    serving = ServingPolicy.answersClients(my, partnerNow);
  }

  /** Collects the actions of one event. */
  private final class Tx {
    private final ServerState from = state;
    private final List<FailoverAction> actions = new ArrayList<>();

    boolean has(Class<? extends FailoverAction> kind) {
      return actions.stream().anyMatch(kind::isInstance);
    }

    void sendState() {
      if (linked && state != UNKNOWN) {
        actions.add(new FailoverAction.SendState(wireState(), wireFlags(), startTimeOfState()));
      }
    }

    void persist() {
      actions.removeIf(FailoverAction.PersistState.class::isInstance);
      actions.add(new FailoverAction.PersistState(record()));
    }

    void apply(StateTable.Decision d, long now) {
      switch (d.kind()) {
        case STAY -> {}
        case GOTO -> {
          if (state == STARTUP) {
            leaveStartup(d.target(), now);
          } else if (d.target() != state) {
            enter(d.target(), now);
          }
        }
        case UPDREQALL -> askAll(now);
        case UPDREQ -> {
          if (linked) {
            actions.add(new FailoverAction.SendUpdateRequest(false));
          }
        }
        case VIOLATION -> {
          actions.add(
              new FailoverAction.ProtocolViolation(
                  "partner reported " + partner + " while I am " + wireState()));
          if (state == STARTUP) {
            leaveStartup(d.target(), now);
          } else {
            enter(d.target(), now);
          }
        }
      }
    }

    /** Leaves STARTUP; the saved state's start time is kept when it is the target (capture h). */
    void leaveStartup(ServerState target, long now) {
      boolean same = target == savedState;
      state = target;
      stos = same ? savedStos : now;
      entered(target, now);
    }

    void enter(ServerState target, long now) {
      state = target;
      stos = now;
      entered(target, now);
    }

    /** Entry actions (digest §D.5). */
    private void entered(ServerState s, long now) {
      sendState();
      persist();
      switch (s) {
        case NORMAL -> {
          actions.add(new FailoverAction.ResendUpdates());
          actions.add(new FailoverAction.BalancePools());
        }
        case PARTNER_DOWN -> {
          recovery.enteredPartnerDown(from, savedState, stos, mclt);
          // it may have served alone until now, even after a SHUTDOWN (seed 125484: it came back
          // in PARTNER-DOWN, cut off from us, and was killed just before our partner-down command)
          recovery.partnerOutOfSight(partner == SHUTDOWN ? partnerLeftFrom : partner, stos, mclt);
          actions.add(new FailoverAction.ResendUpdates());
          actions.add(new FailoverAction.ScheduleReclaim(stos + mclt));
        }
        case POTENTIAL_CONFLICT -> {
          actions.add(new FailoverAction.ResendUpdates());
          if (linked && (role == Role.PRIMARY || partner == CONFLICT_DONE)) {
            actions.add(new FailoverAction.SendUpdateRequest(false));
          }
        }
        case RECOVER -> {
          recovery.enteredRecover(stos);
          askAll(now);
        }
        case RECOVER_WAIT -> {
          if (now >= recovery.enteredRecoverWait(mclt)) {
            enter(RECOVER_DONE, now);
          }
        }
        default -> {}
      }
    }

    /**
     * RECOVER's request, when linked (once per connection): UPDREQALL when this node lost its
     * bindings, so the partner fences every address it knows a PET for (a client we served alone
     * may hold it); UPDREQ when our store is intact, as the draft allows (§9.5): what we did alone
     * is in it and goes to the partner, so fencing the partner's whole pool (for a lease time of a
     * day, after every graceful restart) would only starve its clients.
     */
    void askAll(long now) {
      if (linked) {
        actions.add(new FailoverAction.SendUpdateRequest(recovery.lostBindings()));
        if (state == RECOVER) {
          recovery.askedInRecover(now);
        }
      }
    }

    Transition finish() {
      boolean nowServing =
          ServingPolicy.answersClients(state == STARTUP ? STARTUP : state, partner);
      if (nowServing != serving) {
        serving = nowServing;
        actions.add(
            nowServing ? new FailoverAction.StartServing() : new FailoverAction.StopServing());
      }
      return new Transition(from, state, actions);
    }
  }
}
