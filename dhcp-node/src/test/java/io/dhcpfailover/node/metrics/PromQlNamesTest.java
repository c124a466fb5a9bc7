package io.dhcpfailover.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void findsTheMetricsOfAnAggregatedRatio() {
    assertThat(PromQlNames.of(
            "max by (namespace, pair, subnet) (sum without (state) (dhcp_pool_addresses{state=~\"active|abandoned\"})"
                + " / dhcp_pool_size) > 0.85"))
        .containsExactly("dhcp_pool_addresses", "dhcp_pool_size");
  }

  @Test
  void skipsFunctionsRangesVariablesAndStrings() {
    assertThat(PromQlNames.of(
            "histogram_quantile(0.99, sum by (role, le) (rate(dhcp_journal_fsync_seconds_bucket"
                + "{namespace=~\"$namespace\", x=\"a{b}\"}[$__rate_interval]))) > 0.1"))
        .containsExactly("dhcp_journal_fsync_seconds_bucket");
  }

  @Test
  void keepsBothSidesOfSetOperatorsAndSkipsKeywords() {
    assertThat(PromQlNames.of("dhcp_failover_queued_updates > 100 and on (pod) dhcp_failover_link_up == bool 1"))
        .containsExactly("dhcp_failover_link_up", "dhcp_failover_queued_updates");
    assertThat(PromQlNames.of("abs(a_b) > 0.5 * c:d offset 5m")).containsExactly("a_b", "c:d");
  }

  @Test
  void readsEveryQueryOfTheDashboardAndEveryRule() throws Exception {
    Path monitoring = Path.of(System.getProperty("monitoring.dir", "../deploy/monitoring"));
    assertThat(PromQlNames.ofDashboard(monitoring.resolve("grafana-dashboard.json")))
        .contains("dhcp_failover_state", "dhcp_pool_size", "dhcp_request_duration_seconds_bucket",
            "dhcp_drops_total", "dhcp_journal_fsync_seconds_bucket")
        .allMatch(n -> n.startsWith("dhcp_"));
    assertThat(PromQlNames.ofRules(monitoring.resolve("dhcp-failover.rules.yaml")))
        .containsExactly("dhcp_address_conflicts_total", "dhcp_drops_total",
            "dhcp_failover_clock_skew_limit_seconds", "dhcp_failover_clock_skew_seconds",
            "dhcp_failover_link_up", "dhcp_failover_new_clients_from_timestamp_seconds",
            "dhcp_failover_queued_updates", "dhcp_failover_state",
            "dhcp_journal_fsync_seconds_bucket", "dhcp_pool_addresses", "dhcp_pool_size");
  }
}
