package io.dhcpfailover.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.ConfigStatus;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ConfigSynced condition and {@code status.configVersion}. */
class StatusAggregatorTest {

  private static final String RENDERED = "a1b2c3d4e5f6";
  private static final String OLD = "0a0b0c0d0e0f";
  private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
  private static final Instant T1 = Instant.parse("2025-06-01T12:05:00Z");

  private static DhcpFailoverPair pair(NodeStatus primary, NodeStatus secondary) {
    DhcpFailoverPair pair = Fixtures.pair("hot-standby");
    pair.getMetadata().setGeneration(2L);
    DhcpFailoverPairStatus status = new DhcpFailoverPairStatus();
    status.setPrimary(primary);
    status.setSecondary(secondary);
    pair.setStatus(status);
    return pair;
  }

  private static NodeStatus node(String configVersion, String configError) {
    NodeStatus node = new NodeStatus();
    node.setState(FailoverState.NORMAL);
    node.setConfigVersion(configVersion);
    node.setConfigError(configError);
    return node;
  }

  private static NodeStatus restartPending(NodeStatus node) {
    node.setConfigStatus(ConfigStatus.RESTART_PENDING);
    return node;
  }

  private static Condition configSynced(OperatorStatus status) {
    return StatusAggregator.find(status.conditions(), StatusAggregator.CONFIG_SYNCED);
  }

  @Test
  void bothNodesOnTheRenderedVersionAreSynced() {
    OperatorStatus status =
        StatusAggregator.aggregate(
            pair(node(RENDERED, null), node(RENDERED, null)), false, RENDERED, T0);

    Condition c = configSynced(status);
    assertThat(c.getStatus()).isEqualTo("True");
    assertThat(c.getReason()).isEqualTo("BothNodesCurrent");
    assertThat(c.getMessage()).isEqualTo("primary and secondary run " + RENDERED);
    assertThat(c.getObservedGeneration()).isEqualTo(2L);
    assertThat(status.configVersion()).isEqualTo(RENDERED);
    assertThat(status.settled()).isTrue();
  }

  @Test
  void aNodeOnAnotherVersionIsPendingAndNamesEachNodesVersion() {
    OperatorStatus status =
        StatusAggregator.aggregate(
            pair(node(OLD, null), node(RENDERED, null)), false, RENDERED, T0);

    Condition c = configSynced(status);
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("ConfigPending");
    assertThat(c.getMessage())
        .isEqualTo("rendered " + RENDERED + "; primary runs " + OLD + ", secondary runs " + RENDERED);
    assertThat(status.settled()).as("the node is expected to pick the file up").isFalse();
  }

  @Test
  void aNodeThatReportedNothingIsPending() {
    OperatorStatus status =
        StatusAggregator.aggregate(pair(node(RENDERED, null), null), false, RENDERED, T0);

    assertThat(configSynced(status).getReason()).isEqualTo("ConfigPending");
    assertThat(configSynced(status).getMessage())
        .isEqualTo(
            "rendered " + RENDERED + "; primary runs " + RENDERED
                + ", secondary reports no config version");
  }

  @Test
  void aNodeWithAConfigErrorIsRejectedWithItsErrorAndRole() {
    String error = "new configuration rejected, running " + OLD + ": spec.secondary.address: x";
    OperatorStatus status =
        StatusAggregator.aggregate(
            pair(node(OLD, null), node(OLD, error)), false, RENDERED, T0);

    Condition c = configSynced(status);
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("ConfigRejected");
    assertThat(c.getMessage()).isEqualTo("secondary: " + error);
    assertThat(status.phase()).as("the nodes keep serving").isEqualTo("Running");
  }

  @Test
  void bothNodesRejectingAreBothNamed() {
    OperatorStatus status =
        StatusAggregator.aggregate(
            pair(node(OLD, "new configuration rejected, running " + OLD + ": a"),
                node(OLD, "new configuration rejected, running " + OLD + ": b")),
            false,
            RENDERED,
            T0);

    assertThat(configSynced(status).getMessage())
        .isEqualTo(
            "primary: new configuration rejected, running " + OLD + ": a"
                + "; secondary: new configuration rejected, running " + OLD + ": b");
  }

  @Test
  void aChangeThatNeedsARestartIsRestartPendingNotARejection() {
    OperatorStatus status =
        StatusAggregator.aggregate(
            pair(restartPending(node(OLD,
                    "changes to ports take effect after a restart; running " + OLD)),
                node(RENDERED, null)),
            false,
            RENDERED,
            T0);

    Condition c = configSynced(status);
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("RestartPending");
    assertThat(c.getMessage())
        .isEqualTo("primary: changes to ports take effect after a restart; running " + OLD);
    assertThat(status.settled()).as("rechecked until the roll has restarted the node").isFalse();
  }

  @Test
  void aBlankConfigErrorIsNoRejection() {
    OperatorStatus status =
        StatusAggregator.aggregate(
            pair(node(RENDERED, ""), node(RENDERED, null)), false, RENDERED, T0);

    assertThat(configSynced(status).getStatus()).isEqualTo("True");
  }

  @Test
  void theTransitionTimeStaysWhileTheStatusStays() {
    DhcpFailoverPair pending = pair(node(OLD, null), node(OLD, null));
    OperatorStatus first = StatusAggregator.aggregate(pending, false, RENDERED, T0);
    DhcpFailoverPair halfway = pair(node(OLD, null), node(RENDERED, null));
    halfway.getStatus().setConditions(first.conditions());

    OperatorStatus second = StatusAggregator.aggregate(halfway, false, RENDERED, T1);

    assertThat(configSynced(second).getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(configSynced(second).getMessage()).contains("secondary runs " + RENDERED);

    DhcpFailoverPair synced = pair(node(RENDERED, null), node(RENDERED, null));
    synced.getStatus().setConditions(second.conditions());
    OperatorStatus third = StatusAggregator.aggregate(synced, false, RENDERED, T1);
    assertThat(configSynced(third).getLastTransitionTime()).isEqualTo(T1.toString());
  }

  @Test
  void theConfigVersionMakesTheStatusStale() {
    DhcpFailoverPair pair = pair(node(RENDERED, null), node(RENDERED, null));
    OperatorStatus status = StatusAggregator.aggregate(pair, false, RENDERED, T0);
    pair.getStatus().setObservedGeneration(status.observedGeneration());
    pair.getStatus().setPhase(status.phase());
    pair.getStatus().setConditions(status.conditions());

    assertThat(StatusAggregator.isCurrent(pair, status)).isFalse();
    pair.getStatus().setConfigVersion(RENDERED);
    assertThat(StatusAggregator.isCurrent(pair, status)).isTrue();
  }

  @Test
  void anInvalidSpecLeavesTheConfigVersionAndSaysWhatTheNodesRun() {
    OperatorStatus status =
        StatusAggregator.invalid(
            pair(node(OLD, null), node(OLD, null)), List.of("spec.mclt: bad"), T0);

    assertThat(status.configVersion()).isNull();
    Condition c = configSynced(status);
    assertThat(c.getStatus()).isEqualTo("False");
    assertThat(c.getReason()).isEqualTo("InvalidSpec");
    assertThat(c.getMessage())
        .isEqualTo(
            "spec refused, pair file not rendered; primary runs " + OLD + ", secondary runs " + OLD);
  }

  @Test
  void everyValidStatusHasTheFiveConditions() {
    OperatorStatus status =
        StatusAggregator.aggregate(pair(null, null), true, RENDERED, T0);

    assertThat(status.conditions())
        .extracting(Condition::getType)
        .containsExactly("Ready", "Degraded", "Progressing", "InvalidSpec", "ConfigSynced");
  }
}
