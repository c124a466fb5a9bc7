package io.dhcpfailover.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.validation.Prefix;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.engine.DhcpEngineTest;
import io.dhcpfailover.node.util.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3046 and {@code spec.relays}: who may relay, and who may carry option 82. */
class RelayFilterTest {
  private static final List<Prefix> ONE_RELAY = List.of(Prefix.parse("198.18.0.254/32"));
  private static final int RELAY = Ipv4.parse("198.18.0.254");
  private static final int OTHER = Ipv4.parse("198.18.0.253");

  private static DhcpMessage discover(int giaddr, boolean option82) {
    DhcpOptions.Builder extra = DhcpOptions.builder();
    if (option82) {
      extra.add(82, new byte[] {1, 2, 'p', '1'});
    }
    return DhcpEngineTest.msg(DhcpMessageType.DISCOVER, 7, 0, giaddr, extra);
  }

  @Test
  void aTrustedRelayPassesAnUntrustedOneIsDropped() {
    int giaddr = Ipv4.parse("198.18.1.1");
    assertThat(RelayFilter.dropReason(discover(giaddr, true), RELAY, ONE_RELAY)).isNull();
    assertThat(RelayFilter.dropReason(discover(giaddr, false), OTHER, ONE_RELAY))
        .isEqualTo(RelayFilter.UNTRUSTED_RELAY);
    assertThat(RelayFilter.dropReason(discover(giaddr, true), OTHER, List.of(Prefix.parse("198.18.0.0/24"))))
        .as("a prefix trusts every relay in it").isNull();
  }

  @Test
  void withoutARelayListAnyRelayPasses() {
    assertThat(RelayFilter.dropReason(discover(Ipv4.parse("198.18.1.1"), true), OTHER, List.of())).isNull();
  }

  @Test
  void relayAgentInformationWithoutAGiaddrIsDroppedWhateverTheList() {
    assertThat(RelayFilter.dropReason(discover(0, true), OTHER, List.of()))
        .isEqualTo(RelayFilter.RELAY_INFO_FROM_CLIENT);
    assertThat(RelayFilter.dropReason(discover(0, true), RELAY, ONE_RELAY))
        .isEqualTo(RelayFilter.RELAY_INFO_FROM_CLIENT);
    assertThat(RelayFilter.dropReason(discover(0, false), OTHER, ONE_RELAY)).as("a plain client").isNull();
  }
}
