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
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.failover.FailoverAction.PersistState;
import io.dhcpfailover.node.failover.FailoverAction.SendState;
import io.dhcpfailover.node.failover.FailoverAction.SendUpdateRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenarios of digest §D, several replayed from the ISC captures. */
class FailoverStateMachineTest {
  private static final long T = 1_795_327_497L;
  private static final long MCLT = 30;

  /**
   * Two machines joined by an in-order link. STATE goes to the partner; an update request is
   * answered with UPDDONE at once (the bindings themselves are not modelled).
   */
  private static final class Pair {
    final FailoverStateMachine primary = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    final FailoverStateMachine secondary = new FailoverStateMachine(Role.SECONDARY, MCLT, 0);
    final List<String> wire = new ArrayList<>();
    private final Deque<Runnable> queue = new ArrayDeque<>();
    long now = T;

    void handle(FailoverStateMachine from, Transition t) {
      FailoverStateMachine to = from == primary ? secondary : primary;
      String who = from == primary ? "P" : "S";
      for (FailoverAction a : t.actions()) {
        if (a instanceof SendState s) {
          wire.add(who + " STATE " + s.state() + (s.flags() != 0 ? " startup" : ""));
          queue.add(() -> handle(to, to.partnerState(s.state(), s.flags(), now)));
        } else if (a instanceof SendUpdateRequest u) {
          wire.add(who + (u.all() ? " UPDREQALL" : " UPDREQ"));
          queue.add(() -> handle(from, from.updatesDone(now, true)));
        }
      }
    }

    void run() {
      while (!queue.isEmpty()) {
        queue.poll().run();
      }
    }

    void connect() {
      handle(secondary, secondary.linkUp(now));
      handle(primary, primary.linkUp(now));
      run();
    }
  }

  @Test
  void freshPairReachesNormal() {
    Pair p = new Pair();
    p.primary.startup(null, T, true);
    p.secondary.startup(null, T, true);
    assertThat(p.primary.state()).isEqualTo(STARTUP);

    p.connect();

    assertThat(p.primary.state()).isEqualTo(NORMAL);
    assertThat(p.secondary.state()).isEqualTo(NORMAL);
    // as in capture a: each side sends RECOVER with the STARTUP flag, then RECOVER and UPDREQALL
    assertThat(p.wire)
        .startsWith("S STATE RECOVER(6) startup", "P STATE RECOVER(6) startup")
        .contains("P STATE RECOVER(6)", "P UPDREQALL", "S UPDREQALL")
        .contains("P STATE RECOVER_DONE(9)", "S STATE RECOVER_DONE(9)")
        .contains("P STATE NORMAL(2)", "S STATE NORMAL(2)");
  }

  @Test
  void linkDownInNormalGoesCommunicationsInterruptedAfterReceiveTimer() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(NORMAL, T, NORMAL, true);

    Transition t = m.receiveTimerExpired(T + 15);

    assertThat(t.actions().get(0)).isEqualTo(new FailoverAction.CloseLink());
    assertThat(m.state()).isEqualTo(COMMUNICATIONS_INTERRUPTED);
    assertThat(m.startTimeOfState()).isEqualTo(T + 15);
    assertThat(m.linked()).isFalse();
    assertThat(t.has(SendState.class)).isFalse();
    assertThat(t.all(PersistState.class).get(0).record().state())
        .isEqualTo(COMMUNICATIONS_INTERRUPTED);
    // still serving, all clients (digest §D.1)
    assertThat(t.has(FailoverAction.StopServing.class)).isFalse();
  }

  @Test
  void tcpLossMovesPotentialConflictToResolutionInterrupted() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(POTENTIAL_CONFLICT, T, POTENTIAL_CONFLICT, true);
    m.linkDown(T + 1);
    assertThat(m.state()).isEqualTo(RESOLUTION_INTERRUPTED);
  }

  @Test
  void tcpLossLeavesOtherStatesAlone() {
    for (ServerState s :
        List.of(PARTNER_DOWN, RECOVER, RECOVER_WAIT, RECOVER_DONE, CONFLICT_DONE, SHUTDOWN)) {
      FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
      m.force(s, T, NORMAL, true);
      assertThat(m.linkDown(T + 1).changed()).as("%s", s).isFalse();
    }
  }

  @Test
  void partnerShutdownMovesNormalToPartnerDownAtOnce() {
    FailoverStateMachine m = new FailoverStateMachine(Role.SECONDARY, MCLT, 0);
    m.force(NORMAL, T, NORMAL, true);

    Transition t = m.partnerState(SHUTDOWN, 0, T + 100);

    assertThat(m.state()).isEqualTo(PARTNER_DOWN);
    assertThat(t.all(FailoverAction.ScheduleReclaim.class))
        .containsExactly(new FailoverAction.ScheduleReclaim(T + 100 + MCLT));
  }

  @Test
  void emptyStoreRecoversThenWaitsMcltThenReturnsToNormal() {
    // capture d3: the secondary is PARTNER-DOWN, the primary starts with an empty lease file
    FailoverStateMachine primary = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    primary.startup(null, T, true);
    primary.linkUp(T);

    Transition t = primary.partnerState(PARTNER_DOWN, 0, T);
    assertThat(primary.state()).isEqualTo(RECOVER);
    assertThat(t.all(SendUpdateRequest.class)).containsExactly(new SendUpdateRequest(true));
    assertThat(t.all(SendState.class)).containsExactly(new SendState(RECOVER, 0, T));

    t = primary.updatesDone(T + 2, true);
    assertThat(primary.state()).isEqualTo(RECOVER_WAIT);
    assertThat(primary.recoverWaitEnd()).isEqualTo(T + MCLT);
    assertThat(t.all(SendState.class)).containsExactly(new SendState(RECOVER_WAIT, 0, T + 2));

    assertThat(primary.tick(T + MCLT - 1).changed()).isFalse();
    primary.linkDown(T + 10);
    primary.linkUp(T + 12);
    assertThat(primary.state()).isEqualTo(RECOVER_WAIT);
    t = primary.tick(T + MCLT);
    assertThat(primary.state()).isEqualTo(RECOVER_DONE);
    assertThat(t.has(FailoverAction.StartServing.class)).isFalse();

    t = primary.partnerState(NORMAL, 0, T + MCLT);
    assertThat(primary.state()).isEqualTo(NORMAL);
    assertThat(t.has(FailoverAction.StartServing.class)).isTrue();
    assertThat(t.has(FailoverAction.ResendUpdates.class)).isTrue();
    assertThat(t.has(FailoverAction.BalancePools.class)).isTrue();
  }

  @Test
  void partnerDownSecondaryReturnsToNormalWhenPartnerIsRecoverDone() {
    FailoverStateMachine s = new FailoverStateMachine(Role.SECONDARY, MCLT, 0);
    s.force(PARTNER_DOWN, T, UNKNOWN, true);
    s.partnerState(RECOVER, ServerState.FLAG_STARTUP, T + 1);
    s.partnerState(RECOVER_WAIT, 0, T + 2);
    assertThat(s.state()).isEqualTo(PARTNER_DOWN);
    s.partnerState(RECOVER_DONE, 0, T + MCLT);
    assertThat(s.state()).isEqualTo(NORMAL);
  }

  @Test
  void recoverSkipsWaitWhenPartnerIsAlsoRecoveringAndTheStoreWasEmpty() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(null, T, true);
    m.linkUp(T + 1);
    m.partnerState(RECOVER, 0, T + 1);
    assertThat(m.state()).isEqualTo(RECOVER);
    m.updatesDone(T + 2, true);
    assertThat(m.state()).isEqualTo(RECOVER_DONE);
  }

  /**
   * Found by the simulator (seed 341): a node that kept its bindings, recovering beside a partner
   * that lost its own, may face clients the partner served alone: it waits the MCLT from now.
   */
  @Test
  void aRestartInRecoverWaitDoesNotSkipTheRestOfTheWait() {
    // killed in RECOVER-WAIT, back 5 s after it entered it with the partner unreachable, then given
    // the partner-down command: its own clients of before it lost its data may hold any address
    // until the wait is over, so it stays in RECOVER-WAIT, and PARTNER-DOWN reuses nothing before
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(new FailoverStateRecord(RECOVER_WAIT, T - 5, RECOVER_WAIT, T - 5, MCLT), T, false);
    m.tick(T + 16);
    assertThat(m.state()).isEqualTo(RECOVER_WAIT);
    assertThat(m.recoverWaitEnd()).isGreaterThanOrEqualTo(T - 5 + MCLT);
    m.adminPartnerDown(T + 18);
    assertThat(m.state()).isEqualTo(PARTNER_DOWN);
    assertThat(m.reuseAfter(0)).isGreaterThanOrEqualTo(T - 5 + MCLT);
  }

  @Test
  void recoverWithBindingsWaitsWhenThePartnerIsAlsoRecovering() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(new FailoverStateRecord(RECOVER, T - 1000, PARTNER_DOWN, T - 1000, MCLT), T, false);
    m.linkUp(T + 1);
    m.partnerState(RECOVER, 0, T + 1);
    m.updatesDone(T + 2, true);
    assertThat(m.state()).isEqualTo(RECOVER_WAIT);
    assertThat(m.recoverWaitEnd()).isEqualTo(T + 2 + MCLT);
  }

  @Test
  void recoverSkipsWaitWhenMcltHasPassed() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(RECOVER, T, PARTNER_DOWN, true);
    m.updatesDone(T + MCLT, true);
    assertThat(m.state()).isEqualTo(RECOVER_DONE);
  }

  @Test
  void autoPartnerDownAfterConfiguredTime() {
    FailoverStateMachine m = new FailoverStateMachine(Role.SECONDARY, MCLT, 600);
    m.force(NORMAL, T, NORMAL, true);
    m.linkDown(T + 5);
    assertThat(m.tick(T + 604).changed()).isFalse();
    Transition t = m.tick(T + 605);
    assertThat(m.state()).isEqualTo(PARTNER_DOWN);
    assertThat(t.all(FailoverAction.ScheduleReclaim.class))
        .containsExactly(new FailoverAction.ScheduleReclaim(T + 605 + MCLT));
  }

  @Test
  void noAutoPartnerDownWhenDisabled() {
    FailoverStateMachine m = new FailoverStateMachine(Role.SECONDARY, MCLT, 0);
    m.force(COMMUNICATIONS_INTERRUPTED, T, NORMAL, false);
    assertThat(m.tick(T + 1_000_000).changed()).isFalse();
  }

  @Test
  void potentialConflictIsResolvedPrimaryFirst() {
    // both were PARTNER-DOWN; on reconnect each sees the other PARTNER-DOWN
    Pair p = new Pair();
    p.primary.force(PARTNER_DOWN, T, UNKNOWN, false);
    p.secondary.force(PARTNER_DOWN, T, UNKNOWN, false);

    p.connect();

    assertThat(p.primary.state()).isEqualTo(NORMAL);
    assertThat(p.secondary.state()).isEqualTo(NORMAL);
    assertThat(p.wire)
        .containsSubsequence(
            "P STATE POTENTIAL_CONFLICT(5)",
            "P UPDREQ",
            "P STATE CONFLICT_DONE(11)",
            "S UPDREQ",
            "S STATE NORMAL(2)",
            "P STATE NORMAL(2)");
    assertThat(p.wire.indexOf("S UPDREQ"))
        .isGreaterThan(p.wire.indexOf("P STATE CONFLICT_DONE(11)"));
  }

  @Test
  void secondaryIgnoresUpddoneInPotentialConflictUntilPartnerIsConflictDone() {
    FailoverStateMachine m = new FailoverStateMachine(Role.SECONDARY, MCLT, 0);
    m.force(POTENTIAL_CONFLICT, T, POTENTIAL_CONFLICT, true);
    assertThat(m.updatesDone(T + 1, true).changed()).isFalse();
  }

  @Test
  void primaryInPotentialConflictWithConflictDonePartnerShutsDownOnUpddone() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(POTENTIAL_CONFLICT, T, CONFLICT_DONE, true);
    Transition t = m.updatesDone(T + 1, true);
    assertThat(m.state()).isEqualTo(SHUTDOWN);
    assertThat(t.has(FailoverAction.ProtocolViolation.class)).isTrue();
  }

  @Test
  void startupSendsSavedStateWithStartupFlag() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(new FailoverStateRecord(NORMAL, T - 171, NORMAL, T - 171, 0), T, false);
    Transition t = m.linkUp(T);
    assertThat(t.actions())
        .containsExactly(new SendState(NORMAL, ServerState.FLAG_STARTUP, T - 171));
  }

  @Test
  void startupLeavesToSavedStateKeepingItsStartTimeWhenPartnerIsAsRecorded() {
    // capture h: STATE normal startup, then STATE normal, both with stos 171 s back
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(new FailoverStateRecord(NORMAL, T - 171, NORMAL, T - 171, 0), T, false);
    m.linkUp(T);
    Transition t = m.partnerState(NORMAL, 0, T);
    assertThat(m.state()).isEqualTo(NORMAL);
    assertThat(t.all(SendState.class)).containsExactly(new SendState(NORMAL, 0, T - 171));
    assertThat(t.has(FailoverAction.StartServing.class)).isTrue();
  }

  @Test
  void startupInNormalAgainstCommunicationsInterruptedPartnerGoesNormal() {
    // capture c: the restarted secondary (saved NORMAL) meets the primary in COMM-INT
    FailoverStateMachine s = new FailoverStateMachine(Role.SECONDARY, MCLT, 0);
    s.startup(new FailoverStateRecord(NORMAL, T - 86, NORMAL, T - 86, MCLT), T, false);
    s.linkUp(T);
    s.partnerState(COMMUNICATIONS_INTERRUPTED, 0, T);
    assertThat(s.state()).isEqualTo(NORMAL);
  }

  @Test
  void startupInNormalAgainstPartnerDownGoesRecover() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(new FailoverStateRecord(NORMAL, T - 100, NORMAL, T - 100, 0), T, false);
    m.linkUp(T);
    Transition t = m.partnerState(PARTNER_DOWN, 0, T + 1);
    assertThat(m.state()).isEqualTo(RECOVER);
    // its store is intact: UPDREQ, so the partner does not fence its whole pool (seed 20540)
    assertThat(t.all(SendUpdateRequest.class)).containsExactly(new SendUpdateRequest(false));
    FailoverStateMachine wiped = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    wiped.startup(new FailoverStateRecord(NORMAL, T - 100, NORMAL, T - 100, 0), T, true);
    wiped.linkUp(T);
    assertThat(wiped.partnerState(PARTNER_DOWN, 0, T + 1).all(SendUpdateRequest.class))
        .as("a node that lost its bindings asks for all").containsExactly(new SendUpdateRequest(true));
    FailoverStateMachine restarted = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    restarted.startup(new FailoverStateRecord(RECOVER, T - 100, PARTNER_DOWN, T - 100, 0, T - 200), T, false);
    restarted.linkUp(T);
    assertThat(restarted.partnerState(PARTNER_DOWN, 0, T + 1).all(SendUpdateRequest.class))
        .as("restarted after losing them, its store refilled since").containsExactly(new SendUpdateRequest(true));
  }

  @Test
  void aConflictDonePrimaryBackBesideAPartnerDownSecondaryResolvesAgain() {
    // seed 342640: killed in CONFLICT-DONE; the secondary, waiting in POTENTIAL-CONFLICT, timed out
    // and was given the partner-down command. ISC exits here; a SHUTDOWN left the pair stuck.
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(
        new FailoverStateRecord(CONFLICT_DONE, T - 600, POTENTIAL_CONFLICT, T - 601, 0), T, false);
    m.linkUp(T);
    Transition t = m.partnerState(PARTNER_DOWN, 0, T + 1);
    assertThat(m.state()).isEqualTo(POTENTIAL_CONFLICT);
    assertThat(t.has(FailoverAction.ProtocolViolation.class)).isFalse();
    assertThat(t.all(SendUpdateRequest.class)).containsExactly(new SendUpdateRequest(false));
    assertThat(t.has(FailoverAction.StartServing.class)).as("it serves nobody until resolved").isFalse();
  }

  @Test
  void aConflictDonePrimaryWhosePartnerShutsDownServesAloneInPartnerDown() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(CONFLICT_DONE, T, POTENTIAL_CONFLICT, true);
    Transition t = m.partnerState(SHUTDOWN, 0, T + 1);
    assertThat(m.state()).isEqualTo(PARTNER_DOWN);
    assertThat(t.has(FailoverAction.ProtocolViolation.class)).isFalse();
    assertThat(t.has(FailoverAction.ScheduleReclaim.class)).as("its partner's addresses after the MCLT").isTrue();
  }

  @Test
  void startupResolutionInterruptedResumesAsPotentialConflict() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(
        new FailoverStateRecord(RESOLUTION_INTERRUPTED, T - 9, POTENTIAL_CONFLICT, T - 9, 0),
        T,
        false);
    m.linkUp(T);
    m.partnerState(POTENTIAL_CONFLICT, 0, T);
    assertThat(m.state()).isEqualTo(POTENTIAL_CONFLICT);
  }

  @Test
  void startupTimerAppliesCommunicationsFailedToSavedState() {
    FailoverStateMachine n = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    n.startup(new FailoverStateRecord(NORMAL, T - 9, NORMAL, T - 9, 0), T, false);
    assertThat(n.tick(T + 14).changed()).isFalse();
    Transition t = n.tick(T + 15);
    assertThat(n.state()).isEqualTo(COMMUNICATIONS_INTERRUPTED);
    assertThat(t.has(FailoverAction.StartServing.class)).isTrue();

    FailoverStateMachine pc = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    pc.startup(new FailoverStateRecord(POTENTIAL_CONFLICT, T, NORMAL, T, 0), T, false);
    pc.tick(T + 15);
    assertThat(pc.state()).isEqualTo(RESOLUTION_INTERRUPTED);

    // capture d3: the secondary with saved PARTNER-DOWN leaves STARTUP after 15 s
    FailoverStateMachine pd = new FailoverStateMachine(Role.SECONDARY, MCLT, 0);
    pd.startup(new FailoverStateRecord(PARTNER_DOWN, T - 5, UNKNOWN, 0, MCLT), T, false);
    pd.tick(T + 15);
    assertThat(pd.state()).isEqualTo(PARTNER_DOWN);
    assertThat(pd.startTimeOfState()).isEqualTo(T - 5);
  }

  @Test
  void startupWithoutRecordIsRecoverSinceNow() {
    FailoverStateMachine m = new FailoverStateMachine(Role.SECONDARY, 0, 0);
    m.startup(null, T, false);
    assertThat(m.wireState()).isEqualTo(RECOVER);
    assertThat(m.startTimeOfState()).isEqualTo(T);
    assertThat(m.wireFlags()).isEqualTo(ServerState.FLAG_STARTUP);
  }

  @Test
  void emptyStoreOverridesPersistedNormal() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(new FailoverStateRecord(NORMAL, T - 100, NORMAL, T - 100, 0), T, true);
    assertThat(m.wireState()).isEqualTo(RECOVER);
  }

  @Test
  void secondaryTakesPersistedMclt() {
    FailoverStateMachine m = new FailoverStateMachine(Role.SECONDARY, 0, 0);
    m.startup(new FailoverStateRecord(NORMAL, T, NORMAL, T, 300), T, false);
    assertThat(m.mclt()).isEqualTo(300);
  }

  @Test
  void partnerDownIgnoresStateWithStartupFlag() {
    FailoverStateMachine m = new FailoverStateMachine(Role.SECONDARY, MCLT, 0);
    m.force(PARTNER_DOWN, T, UNKNOWN, true);
    m.partnerState(NORMAL, ServerState.FLAG_STARTUP, T + 1);
    assertThat(m.state()).isEqualTo(PARTNER_DOWN);
  }

  @Test
  void repeatedPartnerStateIsIgnoredInNormal() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(NORMAL, T, NORMAL, true);
    assertThat(m.partnerState(NORMAL, 0, T + 1).actions()).isEmpty();
  }

  @Test
  void invalidPartnerStateShutsDown() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(NORMAL, T, NORMAL, true);
    Transition t = m.partnerStateInvalid(12, T + 1);
    assertThat(m.state()).isEqualTo(SHUTDOWN);
    assertThat(t.has(FailoverAction.ProtocolViolation.class)).isTrue();
    assertThat(t.has(FailoverAction.StopServing.class)).isTrue();
  }

  @Test
  void servingStopsWhilePartnerIsInPotentialConflict() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(COMMUNICATIONS_INTERRUPTED, T, NORMAL, true);
    Transition t = m.partnerState(POTENTIAL_CONFLICT, 0, T + 1);
    assertThat(t.has(FailoverAction.StopServing.class)).isTrue();
  }

  @Test
  void adminPartnerDownFromAnyState() {
    FailoverStateMachine m = new FailoverStateMachine(Role.SECONDARY, MCLT, 0);
    m.force(COMMUNICATIONS_INTERRUPTED, T, NORMAL, false);
    Transition t = m.adminPartnerDown(T + 50);
    assertThat(m.state()).isEqualTo(PARTNER_DOWN);
    assertThat(t.all(FailoverAction.ScheduleReclaim.class))
        .containsExactly(new FailoverAction.ScheduleReclaim(T + 50 + MCLT));
    assertThat(t.all(PersistState.class).get(0).record().state()).isEqualTo(PARTNER_DOWN);
  }

  @Test
  void shutdownSendsShutdownAndPersistsRecover() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(NORMAL, T, NORMAL, true);
    Transition t = m.shutdown(T + 10, true);
    assertThat(t.all(SendState.class)).containsExactly(new SendState(SHUTDOWN, 0, T + 10));
    assertThat(t.all(PersistState.class))
        .containsExactly(
            new PersistState(new FailoverStateRecord(RECOVER, T + 10, NORMAL, 0, MCLT)));
    assertThat(t.has(FailoverAction.StopServing.class)).isTrue();
  }

  @Test
  void shutdownWithPartnerDownPersistsRecoverWithoutMcltWait() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(RECOVER_DONE, T, PARTNER_DOWN, true);
    Transition t = m.shutdown(T + 10, true);
    assertThat(t.all(PersistState.class).get(0).record().since()).isEqualTo(T + 10 - MCLT);
  }

  @Test
  void partnerTakingOverAfterShutdownIsPersistedAsRecoverWithTheMcltWaitServed() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(NORMAL, T, NORMAL, true);
    m.shutdown(T + 10, true);
    Transition t = m.partnerState(PARTNER_DOWN, 0, T + 11);
    assertThat(m.state()).isEqualTo(SHUTDOWN);
    assertThat(t.all(PersistState.class))
        .extracting(p -> p.record().state(), p -> p.record().since())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(RECOVER, T + 10 - MCLT));
    // and a restart from that record recovers instead of staying shut down
    FailoverStateMachine again = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    again.startup(t.all(PersistState.class).get(0).record(), T + 20, false);
    again.linkUp(T + 21);
    again.partnerState(PARTNER_DOWN, 0, T + 21);
    assertThat(again.state()).isNotEqualTo(SHUTDOWN);
  }

  @Test
  void shutdownWithUnacknowledgedUpdatesKeepsTheMcltWait() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(NORMAL, T, NORMAL, true);
    m.shutdown(T + 10, false);
    Transition t = m.partnerState(PARTNER_DOWN, 0, T + 11);
    assertThat(t.all(PersistState.class).get(0).record())
        .extracting(FailoverStateRecord::state, FailoverStateRecord::since)
        .containsExactly(RECOVER, T + 10);
  }

  /** Defect 2: a lone PARTNER-DOWN node stopped gracefully comes back as it left, not RECOVER. */
  @Test
  void gracefulStopInPartnerDownComesBackInPartnerDown() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(PARTNER_DOWN, T, UNKNOWN, false);
    Transition t = m.shutdown(T + 500, true);
    FailoverStateRecord rec = t.all(PersistState.class).get(0).record();
    assertThat(rec.state()).isEqualTo(PARTNER_DOWN);
    assertThat(rec.since()).isEqualTo(T);
    FailoverStateMachine again = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    again.startup(rec, T + 510, false);
    again.tick(T + 510 + FailoverStateMachine.STARTUP_SECONDS);
    assertThat(again.state()).isEqualTo(PARTNER_DOWN);
    assertThat(again.startTimeOfState()).isEqualTo(T);
  }

  /**
   * Found by fault injection on real processes (seed 104): a node whose store is empty, starting
   * while its restarted partner still reports NORMAL, went POTENTIAL-CONFLICT, learnt only the
   * partner's unacknowledged bindings and handed out addresses clients held. It must recover.
   */
  @Test
  void anEmptyNodeFacingANormalPartnerRecoversEverything() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(null, T, true);
    m.linkUp(T + 1);
    Transition t = m.partnerState(NORMAL, ServerState.FLAG_STARTUP, T + 1);
    assertThat(m.state()).isEqualTo(RECOVER);
    assertThat(t.all(FailoverAction.SendUpdateRequest.class))
        .containsExactly(new FailoverAction.SendUpdateRequest(true));
  }

  /**
   * Suspected in the review: RECOVER goes PARTNER-DOWN on the partner's SHUTDOWN even when the
   * UPDREQALL was not answered. It still serves (someone must), but gives no address to another
   * client before PARTNER-DOWN's start + MCLT.
   */
  @Test
  void partnerDownFromAnInterruptedRecoveryWaitsTheMcltBeforeReusingAnything() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(RECOVER, T, NORMAL, true);
    m.partnerState(SHUTDOWN, 0, T + 10);
    assertThat(m.state()).isEqualTo(PARTNER_DOWN);
    assertThat(m.reuseAfter(0)).isEqualTo(T + 10 + MCLT);
    FailoverStateMachine n = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    n.force(NORMAL, T, NORMAL, true);
    n.partnerState(SHUTDOWN, 0, T + 10);
    assertThat(n.state()).isEqualTo(PARTNER_DOWN);
    assertThat(n.reuseAfter(0)).isZero();
  }

  /**
   * Seed 179382: the partner served alone in PARTNER-DOWN beside our RECOVER-DONE; its updates
   * were stuck behind a one-way partition when it shut down. Its leases of then end by its stop +
   * MCLT: nothing goes to another client before that, whichever way it went out of sight.
   */
  @Test
  void aPartnerThatServedAloneAndWentOutOfSightFencesReuseForTheMclt() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(RECOVER_DONE, T, PARTNER_DOWN, true);
    Transition t = m.partnerState(SHUTDOWN, 0, T + 10);
    assertThat(m.state()).isEqualTo(PARTNER_DOWN);
    assertThat(m.reuseAfter(0)).isEqualTo(T + 10 + MCLT);
    assertThat(t.all(PersistState.class)).last().extracting(p -> p.record().aloneFence()).isEqualTo(T + 10 + MCLT);

    FailoverStateMachine cut = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    cut.force(RECOVER_DONE, T, PARTNER_DOWN, true);
    cut.linkDown(T + 20);
    assertThat(cut.reuseAfter(0)).isEqualTo(T + 20 + MCLT);

    FailoverStateMachine restarted = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    restarted.startup(new FailoverStateRecord(RECOVER_DONE, T, PARTNER_DOWN, T, MCLT), T + 30, false);
    assertThat(restarted.reuseAfter(0)).isEqualTo(T + 30 + MCLT);

    // seed 125484: it shut down from PARTNER-DOWN, came back in it cut off from us and served on
    FailoverStateMachine silent = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    silent.force(RECOVER_WAIT, T, PARTNER_DOWN, true);
    silent.partnerState(SHUTDOWN, 0, T + 10);
    silent.linkDown(T + 20);
    silent.adminPartnerDown(T + 500);
    assertThat(silent.reuseAfter(0)).isEqualTo(T + 500 + MCLT);
    FailoverStateMachine rolled = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    rolled.force(NORMAL, T, NORMAL, true);
    rolled.partnerState(SHUTDOWN, 0, T + 10);
    assertThat(rolled.state()).isEqualTo(PARTNER_DOWN);
    assertThat(rolled.reuseAfter(0)).as("a partner that left from NORMAL restarts in RECOVER: no wait in a roll").isZero();

    FailoverStateMachine synced = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    synced.force(NORMAL, T, NORMAL, true);
    synced.linkDown(T + 20);
    assertThat(synced.reuseAfter(0)).as("a partner last seen NORMAL had sent what it did").isZero();
  }

  /**
   * A rolling upgrade: this node shut down, its partner went PARTNER-DOWN on our SHUTDOWN, and we
   * came back. The fence for what the partner did alone holds only until the partner has answered
   * our update request: its UPDDONE comes after every binding it changed while we were away (the
   * demo's new client found the pool exhausted for the MCLT, an hour, after each roll). The fence
   * stays when the partner answers while recovering itself (it may have lost what it did).
   */
  @Test
  void theFenceForWhatThePartnerDidAloneEndsWhenItHasAnsweredOurRequest() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(new FailoverStateRecord(RECOVER, T - MCLT, PARTNER_DOWN, T, MCLT), T + 30, false);
    assertThat(m.reuseAfter(0)).as("before contact").isEqualTo(T + 30 + MCLT);
    m.linkUp(T + 31);
    m.partnerState(PARTNER_DOWN, 0, T + 31);
    assertThat(m.state()).isEqualTo(RECOVER);
    m.updatesDone(T + 32, true);
    assertThat(m.reuseAfter(0)).as("the partner has told us everything it did alone").isZero();
    assertThat(m.record().reuseFence()).isZero();

    FailoverStateMachine both = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    both.startup(new FailoverStateRecord(RECOVER, T - MCLT, PARTNER_DOWN, T, MCLT), T + 30, false);
    both.linkUp(T + 31);
    both.partnerState(RECOVER, 0, T + 31);
    both.updatesDone(T + 32, true);
    assertThat(both.reuseAfter(0)).as("a recovering partner may have lost what it did").isGreaterThanOrEqualTo(T + 30 + MCLT);
  }

  /**
   * Seeds 179453 and 154017: the partner asks for every binding, having lost its store. It may
   * have renewed clients with updates that never reached us (every address that had a client is
   * fenced for the MCLT), and, if it was out of contact long enough, served alone from our pool
   * too (every address is).
   */
  @Test
  void aPartnerThatLostItsStoreFencesTheAddressesItsClientsMayHold() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(PARTNER_DOWN, T, RECOVER, true);
    m.partnerAskedForAll(T + 5, false);
    assertThat(m.clientReuseAfter()).isEqualTo(T + 5 + MCLT);
    assertThat(m.reuseAfter(0)).as("no PARTNER-DOWN it could have served in").isZero();
    assertThat(m.record().clientReuseFence()).isEqualTo(T + 5 + MCLT);
    m.partnerAskedForAll(T + 9, true);
    assertThat(m.reuseAfter(0)).isEqualTo(T + 9 + MCLT);

    FailoverStateMachine fresh = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    fresh.startup(null, T, true);
    fresh.partnerAskedForAll(T + 5, true);
    assertThat(fresh.record().reuseFence()).as("a new pair: nobody served anyone").isZero();
  }

  /**
   * Found by the simulator (seed 914): a PARTNER-DOWN node restarted (it keeps PARTNER-DOWN) beside
   * a partner that is still RECOVER-DONE, as recorded, stayed PARTNER-DOWN for ever.
   */
  @Test
  void partnerDownNodeBackBesideARecoverDonePartnerGoesNormal() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(new FailoverStateRecord(PARTNER_DOWN, T - 500, RECOVER_DONE, T - 100, MCLT), T, false);
    m.linkUp(T + 1);
    m.partnerState(RECOVER_DONE, 0, T + 1);
    assertThat(m.state()).isEqualTo(NORMAL);
  }

  /** Defect 3: RECOVER asks again on every new connection, whatever the partner's state. */
  @Test
  void recoverAsksAgainWhenTheLinkComesBack() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.force(RECOVER, T, RECOVER_DONE, true);
    m.linkDown(T + 1);
    Transition t = m.linkUp(T + 5);
    assertThat(t.all(FailoverAction.SendUpdateRequest.class))
        .containsExactly(new FailoverAction.SendUpdateRequest(false));
  }

  /**
   * Seed 1898: a node that lost its store, declared PARTNER-DOWN, met its partner in RECOVER and
   * never recovered its bindings. It asks to learn them on every new connection, gives no address
   * to a new client before the longest lease + MCLT after the loss (the core's reuse horizon), and
   * forgets the loss only once it has recovered in RECOVER.
   */
  @Test
  void aNodeThatLostItsBindingsLearnsThemWhateverItsState() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(null, T, true);
    assertThat(m.bindingsLostAt()).isEqualTo(T);
    m.tick(T + 20);
    m.adminPartnerDown(T + 21);
    assertThat(m.state()).isEqualTo(PARTNER_DOWN);
    Transition t = m.linkUp(T + 30);
    assertThat(t.all(FailoverAction.SendUpdateRequest.class)).containsExactly(new FailoverAction.SendUpdateRequest(true, true));
    assertThat(m.bindingsLostAt()).as("not recovered yet").isEqualTo(T);
    assertThat(m.record().bindingsLostAt()).isEqualTo(T);

    FailoverStateMachine r = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    r.startup(null, T, true);
    r.force(RECOVER, T, NORMAL, true);
    r.updatesDone(T + 5, true);
    assertThat(r.bindingsLostAt()).as("recovered from the partner").isZero();
  }

  /**
   * Seed 20605: the primary served alone in PARTNER-DOWN (the secondary stopped), lost its store,
   * and recovered beside the secondary back in RECOVER; it counted the loss as recovered and gave
   * an address its own client held to another. A partner that was away cannot know what this node
   * gave alone: the loss stays until the longest lease + MCLT. Both new (no clients): nothing lost.
   */
  @Test
  void aLossIsNotRecoveredFromAPartnerThatWasAwayToo() {
    FailoverStateMachine m = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    m.startup(null, T, true);
    m.force(RECOVER, T, RECOVER, true);
    m.updatesDone(T + 5, true);
    assertThat(m.bindingsLostAt()).as("partner recovering, with clients").isEqualTo(T);
    assertThat(m.reuseAfter(3600)).isEqualTo(T + 3600 + MCLT);

    FailoverStateMachine fresh = new FailoverStateMachine(Role.PRIMARY, MCLT, 0);
    fresh.startup(null, T, true);
    fresh.force(RECOVER, T, RECOVER, true);
    fresh.updatesDone(T + 5, false);
    assertThat(fresh.bindingsLostAt()).as("a new pair").isZero();
    assertThat(fresh.reuseAfter(3600)).isZero();
  }

  @Test
  void secondaryPersistsLearnedMclt() {
    FailoverStateMachine m = new FailoverStateMachine(Role.SECONDARY, 0, 0);
    m.force(NORMAL, T, NORMAL, true);
    Transition t = m.mcltLearned(300);
    assertThat(t.all(PersistState.class).get(0).record().mclt()).isEqualTo(300);
    assertThat(m.mcltLearned(300).actions()).isEmpty();
  }
}
