package io.dhcpfailover.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {
  @Test
  void countsDeclinedAddressesAndEndedProbations() {
    NodeMetrics m = new NodeMetrics();
    Lease abandoned = Lease.available(0x0a000001, BindingState.ABANDONED, 0);
    m.declined(abandoned);
    m.declined(abandoned);
    m.probationEnded(abandoned.withState(BindingState.RESET, 1));

    assertThat(m.scrape())
        .contains("dhcp_addresses_declined_total 2.0")
        .contains("dhcp_decline_probations_ended_total 1.0");
  }
}
