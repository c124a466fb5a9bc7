package io.dhcpfailover.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.failover.FailoverSnapshot;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aNodeThatLostBindingsSaysFromWhenItServesNewClients() {
    ObjectNode root = JSON.createObjectNode();
    StatusJson.failover(root, snapshot(1_800_000_000L), 0xC6120002);
    assertThat(root.path("newClientsFrom").asText()).isEqualTo("2027-01-15T08:00:00Z");
    assertThat(root.path("partner").asText()).isEqualTo("198.18.0.2");
  }

  @Test
  void aNodeWithItsBindingsSaysNothingOfTheKind() {
    ObjectNode root = JSON.createObjectNode();
    StatusJson.failover(root, snapshot(0), 0xC6120002);
    assertThat(root.has("newClientsFrom")).isFalse();
    assertThat(root.path("state").asText()).isEqualTo("NORMAL");
  }

  private static FailoverSnapshot snapshot(long uncertainUntil) {
    return new FailoverSnapshot(ServerState.NORMAL, 1_700_000_000L, ServerState.NORMAL, true, 0, 0, 0, 3600,
        null, 0, uncertainUntil, uncertainUntil);
  }
}
