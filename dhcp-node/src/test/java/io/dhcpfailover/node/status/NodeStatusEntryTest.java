package io.dhcpfailover.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dhcpfailover.api.v1alpha1.ConfigStatus;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.config.ConfigOutcome;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.failover.FailoverSnapshot;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The node's status entry speaks in types: states, and what became of the pair file. */
class NodeStatusEntryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant STARTED = Instant.parse("2025-03-01T09:00:00Z");

  private static NodeStatus entry(ServerState state, ConfigOutcome config) {
    FailoverSnapshot f =
        new FailoverSnapshot(state, 1_740_819_600L, ServerState.UNKNOWN, false, 0, 0, 0, 3600,
            new byte[32], 0, 0, 0);
    return NodeStatusEntry.of(f, STARTED, new DhcpEngine.Counts(1, 2, 3, 0, 0), "0.1.0", "abc",
        config);
  }

  @ParameterizedTest
  @EnumSource(ServerState.class)
  void everyProtocolStateHasAStatusStateOfTheSameName(ServerState state) throws Exception {
    FailoverState typed = NodeStatusEntry.failoverState(state);
    assertThat(typed.wireName()).isEqualTo(state.wireName().toUpperCase());
    String patch = StatusPublisher.patchBody(Role.PRIMARY, entry(state, ConfigOutcome.CURRENT), "t");
    assertThat(JSON.readTree(patch).at("/status/primary/state").asText())
        .isEqualTo(state.wireName().toUpperCase());
  }

  @Test
  void restartPendingIsAStatusNotAMessagePrefix() throws Exception {
    NodeStatus st = entry(ServerState.NORMAL, ConfigOutcome.restartPending("abc", "spec.mclt"));
    assertThat(st.getConfigStatus()).isEqualTo(ConfigStatus.RESTART_PENDING);
    assertThat(st.getConfigError())
        .isEqualTo("changes to spec.mclt take effect after a restart; running abc");
    JsonNode written =
        JSON.readTree(StatusPublisher.patchBody(Role.SECONDARY, st, "t")).at("/status/secondary");
    assertThat(written.path("configStatus").asText()).isEqualTo("RestartPending");
    assertThat(written.path("configError").asText()).doesNotStartWith("restart pending");
  }

  @Test
  void rejectedFileIsRejectedAndCurrentClearsTheError() throws Exception {
    NodeStatus rejected = entry(ServerState.NORMAL, ConfigOutcome.rejected("abc", "spec.mclt: bad"));
    assertThat(rejected.getConfigStatus()).isEqualTo(ConfigStatus.REJECTED);
    assertThat(rejected.getConfigError()).contains("spec.mclt: bad");
    JsonNode current =
        JSON.readTree(StatusPublisher.patchBody(Role.PRIMARY,
            entry(ServerState.NORMAL, ConfigOutcome.CURRENT), "t")).at("/status/primary");
    assertThat(current.path("configStatus").asText()).isEqualTo("Current");
    assertThat(current.get("configError").isNull()).as("cleared by the merge patch").isTrue();
  }

  @Test
  void standaloneNodeReportsStandalone() {
    NodeStatus st = NodeStatusEntry.of(null, STARTED, new DhcpEngine.Counts(0, 0, 0, 0, 0), "0.1.0",
        "abc", ConfigOutcome.CURRENT);
    assertThat(st.getState()).isEqualTo(FailoverState.STANDALONE);
    assertThat(st.getSince()).isEqualTo("2025-03-01T09:00:00Z");
  }
}
