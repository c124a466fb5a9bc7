package io.dhcpfailover.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Status is typed, and a pair written before it was (plain strings) still reads, and writes back
 * byte for byte the same strings.
 */
class TypedStatusTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String resource(String name) throws IOException {
    try (InputStream in = TypedStatusTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void statusWrittenBeforeTheTypesReadsIntoThem() throws IOException {
    DhcpFailoverPair pair =
        Serialization.unmarshal(resource("/status/before-typed-status.json"), DhcpFailoverPair.class);
    NodeStatus primary = pair.getStatus().getPrimary();
    NodeStatus secondary = pair.getStatus().getSecondary();
    assertThat(primary.getState()).isEqualTo(FailoverState.PARTNER_DOWN);
    assertThat(primary.getPartnerState()).isEqualTo(FailoverState.COMMUNICATIONS_INTERRUPTED);
    assertThat(secondary.getState()).isEqualTo(FailoverState.RECOVER_WAIT);
    assertThat(secondary.getPartnerState()).isEqualTo(FailoverState.UNKNOWN);
    assertThat(pair.getStatus().getUpgrade().getPhase())
        .isEqualTo(UpgradePhase.WAITING_FOR_SECONDARY_NORMAL);
    assertThat(pair.getStatus().getUpgrade().getNode()).isEqualTo(Role.SECONDARY);
  }

  @Test
  void nodeWithoutConfigStatusReadsAsRejectedWhenItReportsAnError() throws IOException {
    DhcpFailoverPair pair =
        Serialization.unmarshal(resource("/status/before-typed-status.json"), DhcpFailoverPair.class);
    assertThat(pair.getStatus().getPrimary().getConfigStatus()).isNull();
    assertThat(pair.getStatus().getPrimary().effectiveConfigStatus())
        .isEqualTo(ConfigStatus.CURRENT);
    assertThat(pair.getStatus().getSecondary().effectiveConfigStatus())
        .isEqualTo(ConfigStatus.REJECTED);
  }

  @Test
  void statusWrittenBeforeTheTypesWritesBackTheSameJson() throws IOException {
    String before = resource("/status/before-typed-status.json");
    DhcpFailoverPair pair = Serialization.unmarshal(before, DhcpFailoverPair.class);
    JsonNode written = JSON.readTree(Serialization.asJson(pair)).path("status");
    assertThat(written).isEqualTo(JSON.readTree(before).path("status"));
  }

  @ParameterizedTest
  @EnumSource(FailoverState.class)
  void failoverStatesAreWrittenAsTheDraftSpellsThem(FailoverState state) throws IOException {
    NodeStatus node = new NodeStatus();
    node.setState(state);
    String json = Serialization.asJson(node);
    assertThat(JSON.readTree(json).path("state").asText()).isEqualTo(state.wireName());
    assertThat(Serialization.unmarshal(json, NodeStatus.class).getState()).isEqualTo(state);
    assertThat(FailoverState.of(state.wireName())).isEqualTo(state);
  }

  @Test
  void statesNamedAsBeforeKeepTheirSpelling() {
    List<String> names = Arrays.stream(FailoverState.values()).map(FailoverState::wireName).toList();
    assertThat(names)
        .contains("NORMAL", "COMMUNICATIONS-INTERRUPTED", "PARTNER-DOWN", "RECOVER-WAIT",
            "RECOVER-DONE", "POTENTIAL-CONFLICT", "RESOLUTION-INTERRUPTED", "CONFLICT-DONE",
            "STANDALONE", "UNKNOWN");
  }

  @ParameterizedTest
  @EnumSource(Role.class)
  void rolesAreWrittenInLowerCase(Role role) throws IOException {
    UpgradeStatus upgrade = new UpgradeStatus();
    upgrade.setNode(role);
    String json = Serialization.asJson(upgrade);
    assertThat(JSON.readTree(json).path("node").asText()).isEqualTo(role.id());
    assertThat(Role.parse(role.id().toUpperCase())).isEqualTo(role);
  }

  @Test
  void configStatusIsWrittenInPascalCase() throws IOException {
    NodeStatus node = new NodeStatus();
    node.setConfigStatus(ConfigStatus.RESTART_PENDING);
    node.setConfigError("changes to spec.mclt take effect after a restart");
    JsonNode json = JSON.readTree(Serialization.asJson(node));
    assertThat(json.path("configStatus").asText()).isEqualTo("RestartPending");
    assertThat(json.path("configError").asText()).doesNotStartWith("restart pending");
  }

  @Test
  void upgradePhasesNameTheirNode() {
    assertThat(UpgradePhase.waitingFor(Role.PRIMARY).node()).isEqualTo(Role.PRIMARY);
    assertThat(UpgradePhase.restarting(Role.SECONDARY).node()).isEqualTo(Role.SECONDARY);
    assertThat(UpgradePhase.WAITING_FOR_NORMAL.waitingForNode()).isFalse();
    assertThat(UpgradePhase.WAITING_FOR_PRIMARY_NORMAL.waitingForNode()).isTrue();
  }
}
