package io.dhcpfailover.node.it;

import static io.dhcpfailover.node.it.PairLab.PRIMARY;
import static io.dhcpfailover.node.it.PairLab.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.metrics.PromQlNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitoring in {@code deploy/monitoring/} against a real pair: every metric name that the
 * Grafana dashboard's queries and the alert rules read is in the /metrics of both running nodes,
 * and the failover gauges tell what the nodes' /status tells (NORMAL with the link up, then
 * COMMUNICATIONS-INTERRUPTED with the link down after the partner is killed).
 */
class MonitoringMetricsIT {
  static final Path MONITORING = Path.of(System.getProperty("monitoring.dir", "../deploy/monitoring"));

  @BeforeEach
  void requirements() {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
  }

  @Test
  void dashboardAndAlertsReadOnlyMetricsTheNodesExport() throws Exception {
    Set<String> used = new TreeSet<>(PromQlNames.ofDashboard(MONITORING.resolve("grafana-dashboard.json")));
    used.addAll(PromQlNames.ofRules(MONITORING.resolve("dhcp-failover.rules.yaml")));
    assertThat(used).hasSizeGreaterThan(10);

    try (PairLab pl = new PairLab("mon", "HotStandby", "30s")) {
      pl.startBoth();
      PairLab.awaitState(pl.primary, "NORMAL", Duration.ofSeconds(60));
      PairLab.awaitState(pl.secondary, "NORMAL", Duration.ofSeconds(60));
      pl.probe(5, "c1", PRIMARY + "," + SECONDARY);

      for (NodeProcess node : new NodeProcess[] {pl.primary, pl.secondary}) {
        String scrape = node.metrics();
        String role = node == pl.primary ? "primary" : "secondary";
        assertThat(names(scrape)).as("metric names in the %s's /metrics", role).containsAll(used);
        assertThat(scrape)
            .contains("dhcp_failover_state{state=\"NORMAL\"} 1.0")
            .contains("dhcp_failover_partner_state{state=\"NORMAL\"} 1.0")
            .contains("dhcp_failover_link_up 1.0")
            .contains("dhcp_pool_size{subnet=\"198.18.20.0/24\"} 151.0")
            .contains("dhcp_failover_clock_skew_limit_seconds 60.0");
        assertThat(value(scrape, "dhcp_failover_last_contact_age_seconds")).isBetween(0.0, 10.0);
      }
      String primary = pl.primary.metrics();
      assertThat(value(primary, "dhcp_request_duration_seconds_count{type=\"discover\"}")).isGreaterThanOrEqualTo(5);
      assertThat(value(primary, "dhcp_request_duration_seconds_count{type=\"request\"}")).isGreaterThanOrEqualTo(5);
      Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(value(pl.secondary.metrics(), "dhcp_pool_addresses{state=\"active\",subnet=\"198.18.20.0/24\"}"))
              .isGreaterThanOrEqualTo(5));

      pl.secondary.kill9();
      PairLab.awaitState(pl.primary, "COMMUNICATIONS-INTERRUPTED", Duration.ofSeconds(20));
      assertThat(pl.primary.metrics())
          .contains("dhcp_failover_state{state=\"COMMUNICATIONS-INTERRUPTED\"} 1.0")
          .contains("dhcp_failover_state{state=\"NORMAL\"} 0.0")
          .contains("dhcp_failover_link_up 0.0");
    }
  }

  /** The metric names of a Prometheus text exposition. */
  static Set<String> names(String scrape) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][\\w:]*)[{ ]").matcher(scrape);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The value of the series written exactly as {@code series} (name and labels). */
  static double value(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(scrape);
    assertThat(m.find()).as("%s in\n%s", series, scrape).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
