package io.dhcpfailover.node.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.FailoverBinding;
import io.dhcpfailover.node.codec.failover.RejectReason;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.failover.BindingUpdateRules.Verdict;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Digest §F.1, §F.2.7 and §F.3. */
class BindingUpdateRulesTest {
  private static final long NOW = 10_000;
  private static final byte[] HW = Hex.parse("01:02:47:43:00:00:01");

  private static Lease stored(BindingState s, long end) {
    return new Lease(1, s, null, s == BindingState.ACTIVE ? HW : null, null, 0, end, 0, 0, 0, 0);
  }

  private static FailoverBinding update(BindingState s, long pet) {
    boolean client =
        s == BindingState.ACTIVE || s == BindingState.EXPIRED || s == BindingState.RELEASED;
    return new FailoverBinding(1, s.code(), null, client ? HW : null, 0, pet, 0, 0, 0);
  }

  /** Columns: my role, stored state, lease end, incoming state, incoming PET, accepted. */
  @ParameterizedTest(name = "NORMAL {0}: {1}(end {2}) <- {3}(pet {4}) accepted={5}")
  @CsvSource({
    "SECONDARY, FREE, 0, ACTIVE, 20000, true",
    "SECONDARY, ABANDONED, 0, BACKUP, 20000, true",
    "SECONDARY, ACTIVE, 20000, FREE, 20000, false",
    "SECONDARY, ACTIVE, 20000, FREE, 10000, false", // ISC: true; the lease still runs here
    "SECONDARY, ACTIVE, 20000, BACKUP, 0, false",
    "SECONDARY, ACTIVE, 9000, FREE, 10000, true",
    "SECONDARY, ACTIVE, 20000, BACKUP, 20000, false",
    // no early expiry (ISC allows 65 s): the partner's times arrive moved into our clock
    "SECONDARY, ACTIVE, 10065, EXPIRED, 0, false",
    "SECONDARY, ACTIVE, 10001, EXPIRED, 0, false",
    "SECONDARY, ACTIVE, 10000, EXPIRED, 0, true",
    "SECONDARY, ACTIVE, 20000, RELEASED, 0, true",
    "SECONDARY, ACTIVE, 20000, ABANDONED, 0, true",
    "SECONDARY, ACTIVE, 20000, RESET, 0, true",
    "SECONDARY, ACTIVE, 20000, ACTIVE, 30000, true",
    "SECONDARY, EXPIRED, 0, FREE, 20000, false",
    "SECONDARY, EXPIRED, 0, FREE, 9000, true",
    "SECONDARY, RESET, 0, ACTIVE, 20000, true",
    "SECONDARY, RELEASED, 0, BACKUP, 20000, true",
    "SECONDARY, BACKUP, 0, FREE, 0, true",
    "SECONDARY, BACKUP, 0, BACKUP, 0, true",
    "SECONDARY, BACKUP, 0, ACTIVE, 20000, true", // the primary gave it away in PARTNER-DOWN
    "PRIMARY, FREE, 0, ACTIVE, 20000, true",
    "PRIMARY, ACTIVE, 20000, ACTIVE, 30000, true",
    "PRIMARY, ACTIVE, 20000, RELEASED, 0, true",
    "PRIMARY, ACTIVE, 20000, ABANDONED, 0, true",
    "PRIMARY, ACTIVE, 9000, EXPIRED, 0, false",
    "PRIMARY, ACTIVE, 20000, FREE, 0, false",
    "PRIMARY, ACTIVE, 20000, RESET, 0, false",
    "PRIMARY, EXPIRED, 0, BACKUP, 20000, false",
    "PRIMARY, EXPIRED, 0, BACKUP, 10000, true",
    "PRIMARY, BACKUP, 0, ACTIVE, 20000, true",
  })
  void normalTable(
      Role role, BindingState current, long end, BindingState in, long pet, boolean accepted) {
    Verdict v =
        BindingUpdateRules.evaluate(
            role, ServerState.NORMAL, stored(current, end), update(in, pet), null, NOW);
    assertThat(v.accepted()).isEqualTo(accepted);
    if (!accepted) {
      assertThat(v.reason()).isEqualTo(RejectReason.FATAL_CONFLICT);
    }
  }

  @ParameterizedTest(name = "{0}: {1}(end {2}) <- {3} accepted={4}")
  @CsvSource({
    "PARTNER_DOWN, ACTIVE, 20000, FREE, false",
    "RECOVER, ACTIVE, 20000, BACKUP, false",
    "COMMUNICATIONS_INTERRUPTED, ACTIVE, 20000, EXPIRED, false",
    "COMMUNICATIONS_INTERRUPTED, ACTIVE, 10000, EXPIRED, true",
    "RECOVER, ACTIVE, 20000, RESET, true",
    "RECOVER, BACKUP, 0, ACTIVE, true",
    "POTENTIAL_CONFLICT, EXPIRED, 0, FREE, true",
  })
  void outsideNormalOnlyActiveIsProtected(
      ServerState state, BindingState current, long end, BindingState in, boolean accepted) {
    Verdict v =
        BindingUpdateRules.evaluate(
            Role.SECONDARY, state, stored(current, end), update(in, 20000), null, NOW);
    assertThat(v.accepted()).isEqualTo(accepted);
  }

  @Test
  void acceptedExpiredReleasedResetAreStoredFree() {
    for (BindingState s :
        new BindingState[] {BindingState.EXPIRED, BindingState.RELEASED, BindingState.RESET}) {
      Verdict v =
          BindingUpdateRules.evaluate(
              Role.PRIMARY,
              ServerState.NORMAL,
              stored(BindingState.FREE, 0),
              update(s, 0),
              null,
              NOW);
      assertThat(v.storeAs()).as("%s", s).isEqualTo(BindingState.FREE);
    }
  }

  @Test
  void secondaryStoresReleasedReservedAddressAsBackup() {
    FailoverBinding b = new FailoverBinding(1, 4, null, HW, 0, 0, 0, 0, Lease.FLAG_RESERVED);
    Verdict v =
        BindingUpdateRules.evaluate(
            Role.SECONDARY, ServerState.NORMAL, stored(BindingState.RELEASED, 0), b, null, NOW);
    assertThat(v.storeAs()).isEqualTo(BindingState.BACKUP);
  }

  @Test
  void unknownAddressIsIllegal() {
    Verdict v =
        BindingUpdateRules.evaluate(
            Role.PRIMARY, ServerState.NORMAL, null, update(BindingState.FREE, 0), null, NOW);
    assertThat(v.reason()).isEqualTo(RejectReason.ILLEGAL_IP_ADDRESS);
  }

  @Test
  void activeWithoutHardwareIsMissingInformation() {
    FailoverBinding b = new FailoverBinding(1, 2, null, null, 0, 0, 0, 0, 0);
    Verdict v =
        BindingUpdateRules.evaluate(
            Role.PRIMARY, ServerState.NORMAL, stored(BindingState.FREE, 0), b, null, NOW);
    assertThat(v.reason()).isEqualTo(RejectReason.MISSING_BINDING_INFORMATION);
  }

  @Test
  void abandonedWithClientDataIsRejected() {
    FailoverBinding b = new FailoverBinding(1, 5, null, HW, 0, 0, 0, 0, 0);
    Verdict v =
        BindingUpdateRules.evaluate(
            Role.PRIMARY, ServerState.NORMAL, stored(BindingState.FREE, 0), b, null, NOW);
    assertThat(v.reason()).isEqualTo(RejectReason.UNKNOWN_REASON);
  }

  @Test
  void reservedFlagForUnreservedOwnAddressIsReject19() {
    FailoverBinding b = new FailoverBinding(1, 7, null, null, 0, 0, 0, 0, Lease.FLAG_RESERVED);
    Verdict v =
        BindingUpdateRules.evaluate(
            Role.PRIMARY, ServerState.NORMAL, stored(BindingState.FREE, 0), b, null, NOW);
    assertThat(v.reason()).isEqualTo(RejectReason.IP_NOT_RESERVED);
  }

  @Test
  void duelingFreeUpdatesPrimaryKeepsItsOwn() {
    // capture a: crossing UPDREQALL FREE updates; primary rejects with 16, secondary accepts
    FailoverBinding free = update(BindingState.FREE, 0);
    Verdict atPrimary =
        BindingUpdateRules.evaluate(
            Role.PRIMARY, ServerState.RECOVER, stored(BindingState.FREE, 0), free, free, NOW);
    assertThat(atPrimary.reason()).isEqualTo(RejectReason.LESS_CRITICAL_BINDING_INFORMATION);
    assertThat(atPrimary.message()).isEqualTo(BindingUpdateRules.LESS_CRITICAL);
    Verdict atSecondary =
        BindingUpdateRules.evaluate(
            Role.SECONDARY, ServerState.RECOVER, stored(BindingState.FREE, 0), free, free, NOW);
    assertThat(atSecondary.accepted()).isTrue();
    assertThat(atSecondary.dropOwnPending()).isTrue();
  }

  @Test
  void duelingActiveUpdatesNewerCltWinsTieGoesToPrimary() {
    FailoverBinding older = new FailoverBinding(1, 2, null, HW, 0, 0, 0, 100, 0);
    FailoverBinding newer = new FailoverBinding(1, 2, null, HW, 0, 0, 0, 200, 0);
    assertThat(BindingUpdateRules.ownWins(Role.SECONDARY, newer, older, 0)).isTrue();
    assertThat(BindingUpdateRules.ownWins(Role.PRIMARY, older, newer, 0)).isFalse();
    // capture g: at equal CLTT ISC's primary rejects the secondary's; for one client's two
    // ACKs we take each other's instead and keep the later end (the client holds one of them)
    assertThat(BindingUpdateRules.ownWins(Role.PRIMARY, older, older, 0)).isFalse();
    assertThat(BindingUpdateRules.ownWins(Role.SECONDARY, older, older, 0)).isFalse();
    FailoverBinding otherClient = new FailoverBinding(1, 2, null, new byte[] {1, 9, 9, 9, 9, 9, 9}, 0, 0, 0, 100, 0);
    assertThat(BindingUpdateRules.ownWins(Role.PRIMARY, older, otherClient, 0)).isTrue();
    assertThat(BindingUpdateRules.ownWins(Role.SECONDARY, otherClient, older, 0)).isFalse();
  }

  /**
   * Defect 13: after a partition, S to P ACTIVE (CLTT t) and P to S EXPIRED (CLTT t - 60) crossed;
   * each side took the other's. One order, applied alike: both keep the ACTIVE.
   */
  @Test
  void crossingUpdatesEndAlikeOnBothSides() {
    long t = NOW;
    FailoverBinding activeFromSecondary = new FailoverBinding(1, 2, null, HW, t + 600, t + 900, t, t, 0);
    FailoverBinding expiredFromPrimary = new FailoverBinding(1, BindingState.EXPIRED.code(), null, HW, t - 60, t - 60, t - 60, t - 60, 0);
    Lease atPrimary = new Lease(1, BindingState.EXPIRED, null, HW, null, t - 60, t - 60, t - 60, 0, 0, Lease.FLAG_UNACKED);
    Lease atSecondary = new Lease(1, BindingState.ACTIVE, null, HW, null, t, t + 600, t, 0, 0, Lease.FLAG_UNACKED);
    for (ServerState state : new ServerState[] {ServerState.NORMAL, ServerState.POTENTIAL_CONFLICT}) {
      Verdict p = BindingUpdateRules.evaluate(Role.PRIMARY, state, atPrimary, activeFromSecondary, expiredFromPrimary, NOW);
      Verdict s = BindingUpdateRules.evaluate(Role.SECONDARY, state, atSecondary, expiredFromPrimary, activeFromSecondary, NOW);
      assertThat(p.accepted()).as("the primary takes the later ACTIVE in %s", state).isTrue();
      assertThat(s.accepted()).as("the secondary keeps its ACTIVE in %s", state).isFalse();
    }
  }

  /** Defect 14: an older version re-sent after a newer one must not replace it. */
  @Test
  void anUpdateOlderThanTheStoredBindingIsRefused() {
    Lease current = new Lease(1, BindingState.ACTIVE, null, HW, null, NOW, NOW + 600, NOW, 0, 0, 0);
    FailoverBinding older = new FailoverBinding(1, 2, null, HW, NOW + 300, NOW + 400, NOW - 300, NOW - 300, 0);
    Verdict v = BindingUpdateRules.evaluate(Role.SECONDARY, ServerState.NORMAL, current, older, null, NOW);
    assertThat(v.accepted()).isFalse();
    assertThat(v.reason()).isEqualTo(RejectReason.OUTDATED_BINDING_INFORMATION);
    FailoverBinding staleExpiry = new FailoverBinding(1, BindingState.EXPIRED.code(), null, HW, NOW - 1, NOW - 1, NOW - 300, NOW - 300, 0);
    Lease ended = new Lease(1, BindingState.ACTIVE, null, HW, null, NOW - 100, NOW - 5, NOW - 100, 0, 0, 0);
    assertThat(BindingUpdateRules.evaluate(Role.SECONDARY, ServerState.NORMAL, ended, staleExpiry, null, NOW).accepted())
        .as("defect 12: an expiry about an older transaction").isFalse();
  }


  /**
   * Seed 29292: the secondary's RELEASED of client A (CLTT t) crossed the primary's ACTIVE of the
   * address for client B, given the same second after the primary accepted that release. The end
   * of A's lease won the tie on both sides (rank), client B's binding was lost and the address given
   * to a third client while B held it. A lease for another client is always the later transaction:
   * the server that gave it had seen A's lease end. So a running lease beats the end of another
   * client's, in a duel and against the stored binding, whoever sent which.
   */
  @Test
  void theEndOfOneClientsLeaseNeverReplacesAnotherClientsRunningLease() {
    byte[] other = Hex.parse("01:02:47:43:00:00:02");
    FailoverBinding releasedA = new FailoverBinding(1, BindingState.RELEASED.code(), null, other, NOW, NOW + 12, NOW, NOW, 0);
    FailoverBinding expiredA = new FailoverBinding(1, BindingState.EXPIRED.code(), null, other, NOW, NOW + 12, NOW, NOW, 0);
    FailoverBinding activeB = new FailoverBinding(1, BindingState.ACTIVE.code(), null, HW, NOW + 10, NOW + 14, NOW, NOW, 0);
    for (FailoverBinding end : new FailoverBinding[] {releasedA, expiredA}) {
      for (Role role : Role.values()) {
        assertThat(BindingUpdateRules.ownWins(role, activeB, end, NOW)).as("%s keeps B's lease", role).isTrue();
        assertThat(BindingUpdateRules.ownWins(role, end, activeB, NOW)).as("%s takes B's lease", role).isFalse();
      }
    }
    Lease holdsB = new Lease(1, BindingState.ACTIVE, null, HW, null, NOW, NOW + 10, NOW, 0, 0, 0);
    for (Role role : Role.values()) {
      for (ServerState state : new ServerState[] {ServerState.NORMAL, ServerState.COMMUNICATIONS_INTERRUPTED}) {
        Verdict v = BindingUpdateRules.evaluate(role, state, holdsB, releasedA, null, NOW);
        assertThat(v.accepted()).as("%s in %s: A's release over B's lease", role, state).isFalse();
        assertThat(v.reason()).isEqualTo(RejectReason.OUTDATED_BINDING_INFORMATION);
      }
    }
    Lease endedB = new Lease(1, BindingState.ACTIVE, null, HW, null, NOW - 20, NOW - 1, NOW - 20, 0, 0, 0);
    assertThat(BindingUpdateRules.evaluate(Role.PRIMARY, ServerState.NORMAL, endedB, releasedA, null, NOW).accepted())
        .as("once B's lease has ended, A's end may be stored").isTrue();
  }

  /**
   * Seed 32273: a client declined its address at the secondary while the link was cut (ABANDONED,
   * CLTT t), then got it again from the primary (ACTIVE, CLTT t + 380). The ABANDONED reached the
   * primary later and replaced the newer lease (ISC's table lets ABANDONED replace ACTIVE). An
   * ABANDONED or RESET about an older transaction than the running lease stored is outdated.
   */
  @Test
  void anAbandonOrResetOlderThanTheRunningLeaseIsRefused() {
    Lease renewed = new Lease(1, BindingState.ACTIVE, null, HW, null, NOW, NOW + 3000, NOW, 0, 0, 0);
    for (BindingState s : new BindingState[] {BindingState.ABANDONED, BindingState.RESET}) {
      FailoverBinding older = new FailoverBinding(1, s.code(), null, null, 0, 0, NOW - 380, NOW - 380, 0);
      for (Role role : Role.values()) {
        Verdict v = BindingUpdateRules.evaluate(role, ServerState.NORMAL, renewed, older, null, NOW);
        assertThat(v.accepted()).as("%s: %s older than the lease", role, s).isFalse();
        assertThat(v.reason()).isEqualTo(RejectReason.OUTDATED_BINDING_INFORMATION);
      }
      FailoverBinding later = new FailoverBinding(1, s.code(), null, null, 0, 0, NOW + 5, NOW + 5, 0);
      assertThat(BindingUpdateRules.evaluate(Role.SECONDARY, ServerState.NORMAL, renewed, later, null, NOW).accepted())
          .as("a later %s still applies", s).isTrue();
    }
  }

  /**
   * Seed 1321: the client declined its address (both servers heard it) in the second the secondary
   * renewed it; each side's ABANDONED crossed the secondary's ACTIVE. The renewal won at the
   * primary (rank), the ABANDONED at the secondary: the primary gave the address again, past what
   * the secondary keeps. The decline ends the lease, later in its life: it wins the tie on both.
   */
  @Test
  void aDeclineInTheSecondOfARenewalWinsOnBothSides() {
    FailoverBinding abandoned = new FailoverBinding(1, BindingState.ABANDONED.code(), null, null, 0, NOW + 12, NOW, NOW, 0);
    FailoverBinding renewed = new FailoverBinding(1, BindingState.ACTIVE.code(), null, HW, NOW + 30, NOW + 44, NOW, NOW, 0);
    for (Role role : Role.values()) {
      assertThat(BindingUpdateRules.ownWins(role, abandoned, renewed, NOW)).as("%s keeps the decline", role).isTrue();
      assertThat(BindingUpdateRules.ownWins(role, renewed, abandoned, NOW)).as("%s takes the decline", role).isFalse();
    }
  }

  /**
   * Seed 152972: a client's DECLINE sat in the stopped primary's socket while the secondary renewed
   * the client's lease; the primary, resumed, sent ABANDONED, newer by its CLTT, and the secondary
   * took it, keeping the end of the lease it had given. Until then the address is still the
   * client's: the end of the decline probation (RESET) or a pool move may not free it before.
   */
  @Test
  void aDeclinedAddressStaysOutOfUseUntilTheEndOfTheLeaseItDisplaced() {
    Lease displaced = new Lease(1, BindingState.ABANDONED, null, null, null, NOW - 20, NOW + 50, NOW - 20, NOW + 60, NOW + 40, 0);
    for (BindingState in : new BindingState[] {BindingState.RESET, BindingState.FREE, BindingState.BACKUP}) {
      for (Role role : Role.values()) {
        for (ServerState state : new ServerState[] {ServerState.NORMAL, ServerState.COMMUNICATIONS_INTERRUPTED}) {
          FailoverBinding update = new FailoverBinding(1, in.code(), null, null, 0, 0, NOW, NOW, 0);
          Verdict early = BindingUpdateRules.evaluate(role, state, displaced, update, null, NOW);
          assertThat(early.accepted()).as("%s %s: %s before the end", role, state, in).isFalse();
          Verdict late = BindingUpdateRules.evaluate(role, state, displaced, update, null, NOW + 51);
          assertThat(late.accepted()).as("%s %s: %s after the end", role, state, in).isTrue();
        }
      }
    }
  }

  @Test
  void duelingExpiredFromSecondaryIsAcceptedByPrimary() {
    FailoverBinding own = update(BindingState.ACTIVE, 0);
    assertThat(BindingUpdateRules.ownWins(Role.PRIMARY, own, update(BindingState.EXPIRED, 0), 0))
        .isFalse();
  }
}
