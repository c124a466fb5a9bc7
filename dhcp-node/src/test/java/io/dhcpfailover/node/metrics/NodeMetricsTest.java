package io.dhcpfailover.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.engine.Subnet;
import io.dhcpfailover.node.failover.FailoverSnapshot;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

  @Test
  void seriesThatDashboardsReadExistBeforeTheFirstEvent() {
    String scrape = new NodeMetrics().scrape();

    assertThat(scrape)
        .contains("dhcp_packets_in_total{type=\"discover\"} 0.0")
        .contains("dhcp_packets_out_total{type=\"ack\"} 0.0")
        .contains("dhcp_drops_total{reason=\"pool_exhausted\"} 0.0")
        .contains("dhcp_request_duration_seconds_count{type=\"request\"} 0");
  }

  @Test
  void requestLatencyIsAHistogramByRequestType() {
    NodeMetrics m = new NodeMetrics();
    m.answered(DhcpMessageType.DISCOVER, TimeUnit.MILLISECONDS.toNanos(3));
    m.answered(DhcpMessageType.DISCOVER, TimeUnit.MILLISECONDS.toNanos(40));

    String scrape = m.scrape();
    assertThat(scrape)
        .contains("dhcp_request_duration_seconds_bucket{type=\"discover\",le=\"0.002\"} 0")
        .contains("dhcp_request_duration_seconds_bucket{type=\"discover\",le=\"0.005\"} 1")
        .contains("dhcp_request_duration_seconds_bucket{type=\"discover\",le=\"0.05\"} 2")
        .contains("dhcp_request_duration_seconds_count{type=\"discover\"} 2");
  }

  @Test
  void journalFsyncTimerGetsHistogramBuckets() {
    NodeMetrics m = new NodeMetrics();
    io.micrometer.core.instrument.Timer fsync =
        io.micrometer.core.instrument.Timer.builder("dhcp_journal_fsync_seconds").register(m.registry());
    fsync.record(3, TimeUnit.MILLISECONDS);

    assertThat(m.scrape())
        .contains("dhcp_journal_fsync_seconds_bucket{le=\"0.002\"} 0")
        .contains("dhcp_journal_fsync_seconds_bucket{le=\"0.005\"} 1")
        .contains("dhcp_journal_fsync_seconds_bucket{le=\"2.5\"} 1");
  }

  @Test
  void poolGaugesFollowTheSubnetsAtEachScrape() {
    NodeMetrics m = new NodeMetrics();
    Subnet a = subnet("198.18.40.0", "198.18.40.10", "198.18.40.19");
    Subnet b = subnet("198.18.41.0", "198.18.41.10", "198.18.41.13");
    List<Subnet> subnets = new ArrayList<>(List.of(a));
    m.poolGauges(() -> List.copyOf(subnets), s -> s == a ? new DhcpEngine.Counts(6, 2, 1, 1, 1)
        : new DhcpEngine.Counts(1, 3, 0, 0, 0));

    assertThat(m.scrape())
        .contains("dhcp_pool_addresses{state=\"active\",subnet=\"198.18.40.0/24\"} 6.0")
        .contains("dhcp_pool_addresses{state=\"free\",subnet=\"198.18.40.0/24\"} 2.0")
        .contains("dhcp_pool_addresses{state=\"backup\",subnet=\"198.18.40.0/24\"} 1.0")
        .contains("dhcp_pool_addresses{state=\"abandoned\",subnet=\"198.18.40.0/24\"} 1.0")
        .contains("dhcp_pool_size{subnet=\"198.18.40.0/24\"} 10.0");

    subnets.set(0, b);
    assertThat(m.scrape())
        .contains("dhcp_pool_size{subnet=\"198.18.41.0/24\"} 4.0")
        .doesNotContain("198.18.40.0/24");
  }

  @Test
  void failoverGaugesReadTheCurrentSnapshot() {
    NodeMetrics m = new NodeMetrics();
    AtomicReference<FailoverSnapshot> snap =
        new AtomicReference<>(snapshot(ServerState.NORMAL, ServerState.NORMAL, true, 990, 3, 7));
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1000), ZoneOffset.UTC);
    m.failoverGauges(snap::get, () -> -4, 60, clock);

    assertThat(m.scrape())
        .contains("dhcp_failover_state{state=\"NORMAL\"} 1.0")
        .contains("dhcp_failover_state{state=\"PARTNER-DOWN\"} 0.0")
        .contains("dhcp_failover_partner_state{state=\"NORMAL\"} 1.0")
        .contains("dhcp_failover_link_up 1.0")
        .contains("dhcp_failover_unacked_updates 3.0")
        .contains("dhcp_failover_queued_updates 7.0")
        .contains("dhcp_failover_last_contact_age_seconds 10.0")
        .contains("dhcp_failover_clock_skew_seconds -4.0")
        .contains("dhcp_failover_clock_skew_limit_seconds 60.0");

    snap.set(snapshot(ServerState.COMMUNICATIONS_INTERRUPTED, ServerState.NORMAL, false, 0, 0, 0));
    assertThat(m.scrape())
        .contains("dhcp_failover_state{state=\"NORMAL\"} 0.0")
        .contains("dhcp_failover_state{state=\"COMMUNICATIONS-INTERRUPTED\"} 1.0")
        .contains("dhcp_failover_link_up 0.0")
        .contains("dhcp_failover_last_contact_age_seconds NaN")
        .contains("dhcp_failover_new_clients_from_timestamp_seconds 0.0");

    snap.set(new FailoverSnapshot(ServerState.NORMAL, 900, ServerState.NORMAL, true, 990, 0, 0, 3600,
        null, 0, 1_090_000, 1_090_000));
    assertThat(m.scrape()).contains("dhcp_failover_new_clients_from_timestamp_seconds 1090000.0");
  }

  @Test
  void gaugesKeepReadingAfterGarbageCollection() {
    NodeMetrics m = new NodeMetrics();
    m.leaseGauges(() -> new DhcpEngine.Counts(4, 3, 2, 1, 0));
    m.failoverGauges(
        () -> snapshot(ServerState.NORMAL, ServerState.NORMAL, true, 1, 0, 0), () -> 2, 60, Clock.systemUTC());
    for (int i = 0; i < 3; i++) {
      System.gc();
    }

    assertThat(m.scrape())
        .contains("dhcp_leases{state=\"active\"} 4.0")
        .contains("dhcp_failover_state{state=\"NORMAL\"} 1.0")
        .contains("dhcp_failover_clock_skew_seconds 2.0")
        .doesNotContain("dhcp_leases{state=\"free\"} NaN")
        .doesNotContain("dhcp_failover_link_up NaN");
  }

  private static FailoverSnapshot snapshot(
      ServerState state, ServerState partner, boolean link, long lastContact, int unacked, int queued) {
    return new FailoverSnapshot(state, 900, partner, link, lastContact, unacked, queued, 3600, null, 0, 0, 0);
  }

  private static Subnet subnet(String network, String first, String last) {
    return new Subnet(Ipv4.parse(network), 24,
        List.<int[]>of(new int[] {Ipv4.parse(first), Ipv4.parse(last)}), 600,
        DhcpOptions.builder().build(), List.of());
  }
}
