package io.dhcpfailover.node.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.failover.ServingPolicy.DiscoverScope;
import io.dhcpfailover.node.lease.BindingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Digest §D.1 (ISC column) and §H. */
class ServingPolicyTest {

  @ParameterizedTest(name = "{0} with partner {1} answers: {2}")
  @CsvSource({
    "STARTUP, UNKNOWN, false",
    "NORMAL, NORMAL, true",
    "COMMUNICATIONS_INTERRUPTED, NORMAL, true",
    "PARTNER_DOWN, SHUTDOWN, true",
    "POTENTIAL_CONFLICT, POTENTIAL_CONFLICT, false",
    "RECOVER, PARTNER_DOWN, false",
    "RECOVER_WAIT, PARTNER_DOWN, false",
    "RECOVER_DONE, NORMAL, false",
    "RESOLUTION_INTERRUPTED, POTENTIAL_CONFLICT, false",
    "CONFLICT_DONE, POTENTIAL_CONFLICT, false",
    "PAUSED, NORMAL, false",
    "SHUTDOWN, NORMAL, false",
    "COMMUNICATIONS_INTERRUPTED, PARTNER_DOWN, false",
    "COMMUNICATIONS_INTERRUPTED, POTENTIAL_CONFLICT, false",
    "COMMUNICATIONS_INTERRUPTED, CONFLICT_DONE, false",
    "COMMUNICATIONS_INTERRUPTED, RESOLUTION_INTERRUPTED, false",
    "PARTNER_DOWN, RECOVER_WAIT, true",
  })
  void answersOnlyInIscServingStates(ServerState mine, ServerState partner, boolean answers) {
    assertThat(ServingPolicy.answersClients(mine, partner)).isEqualTo(answers);
    assertThat(ServingPolicy.of(mine, partner, Role.PRIMARY, Mode.LOAD_BALANCE).answers())
        .isEqualTo(answers);
  }

  @Test
  void newAddressesComeFromOwnPool() {
    assertThat(
            ServingPolicy.of(
                    ServerState.NORMAL, ServerState.NORMAL, Role.PRIMARY, Mode.LOAD_BALANCE)
                .ownPool())
        .isEqualTo(BindingState.FREE);
    assertThat(
            ServingPolicy.of(
                    ServerState.NORMAL, ServerState.NORMAL, Role.SECONDARY, Mode.LOAD_BALANCE)
                .ownPool())
        .isEqualTo(BindingState.BACKUP);
  }

  @Test
  void normalLoadBalanceAnswersOwnBucketsOnly() {
    ServingPolicy p =
        ServingPolicy.of(ServerState.NORMAL, ServerState.NORMAL, Role.SECONDARY, Mode.LOAD_BALANCE);
    assertThat(p.discoverScope()).isEqualTo(DiscoverScope.OWN_BUCKETS);
    assertThat(p.allocates()).isTrue();
    assertThat(p.mayUsePartnerPool()).isFalse();
  }

  @Test
  void normalHotStandbyLeavesDiscoversToPrimary() {
    assertThat(
            ServingPolicy.of(ServerState.NORMAL, ServerState.NORMAL, Role.PRIMARY, Mode.HOT_STANDBY)
                .discoverScope())
        .isEqualTo(DiscoverScope.ALL);
    ServingPolicy s =
        ServingPolicy.of(ServerState.NORMAL, ServerState.NORMAL, Role.SECONDARY, Mode.HOT_STANDBY);
    assertThat(s.answers()).isTrue();
    assertThat(s.discoverScope()).isEqualTo(DiscoverScope.NONE);
  }

  @Test
  void communicationsInterruptedAnswersEveryoneFromOwnPool() {
    ServingPolicy p =
        ServingPolicy.of(
            ServerState.COMMUNICATIONS_INTERRUPTED,
            ServerState.NORMAL,
            Role.SECONDARY,
            Mode.HOT_STANDBY);
    assertThat(p.discoverScope()).isEqualTo(DiscoverScope.ALL);
    assertThat(p.mayUsePartnerPool()).isFalse();
  }

  @Test
  void partnerDownMayUsePartnerPool() {
    ServingPolicy p =
        ServingPolicy.of(
            ServerState.PARTNER_DOWN, ServerState.SHUTDOWN, Role.SECONDARY, Mode.LOAD_BALANCE);
    assertThat(p.mayUsePartnerPool()).isTrue();
    assertThat(p.discoverScope()).isEqualTo(DiscoverScope.ALL);
  }
}
