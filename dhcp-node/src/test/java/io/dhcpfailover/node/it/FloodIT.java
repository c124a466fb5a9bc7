package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A starvation attack on a standalone node, in network namespaces. The node runs the default
 * {@code spec.limits} but for 300 requests per relay and second (perfdhcp's achieved flood rate
 * varies on a shared 2-core machine; 300 is well below it):
 *
 * <pre>
 *   client (dhclient)
 *          \
 *           +-- lan: br0 198.18.0.0/24 --+-- srv: eth1 198.18.0.2 (dhcp-node; range .100-.250)
 *          /              \
 *   flood (perfdhcp 198.18.0.20:          single (perfdhcp 198.18.0.21:
 *     DISCOVERs from random hardware        DISCOVERs from one hardware
 *     addresses, as a relay, 5000/s)        address, as a relay, 200/s)
 * </pre>
 *
 * While the floods run, a real {@code dhclient} on the same segment gets a lease within {@link
 * #LEASE_BOUND}; the pool is not exhausted (the node holds at most half of it in offers and
 * {@code /status} shows free addresses), {@code /metrics} shows what was shed by reason, and once
 * the floods stop the unclaimed offers return to the pool after the offer hold (10 s).
 *
 * <p>Attackers that complete every exchange ({@code dhcpstarv}) are {@link StarvationIT}'s.
 */
class FloodIT {
  /** How long the real client may take to get its lease under the flood. */
  static final Duration LEASE_BOUND = Duration.ofSeconds(10);

  static final int POOL = 151;

  static NetLab lab;
  static NodeProcess node;
  static final ObjectMapper JSON = new ObjectMapper();

  static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata:
        name: it-flood
        namespace: default
      spec:
        mode: HotStandby
        limits:
          packetsPerRelayPerSecond: 300
        primary:
          address: 198.18.0.2
          interfaces: [eth1]
        secondary:
          address: 198.18.0.3
        subnets:
          - subnet: 198.18.0.0/24
            ranges: ["198.18.0.100-198.18.0.250"]
            leaseTime: 10m
      """;

  @BeforeAll
  static void setUp() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    Requirements.requireCommand("perfdhcp", "kea-admin");
    lab = new NetLab("flood");
    for (String h : List.of("lan", "srv", "client", "flood", "single")) {
      lab.host(h);
    }
    lab.bridge("lan", "br0");
    lab.attach("srv", "eth1", "lan", "br0", "198.18.0.2/24");
    lab.attach("client", "eth0", "lan", "br0", null);
    lab.attach("flood", "eth0", "lan", "br0", "198.18.0.20/24");
    lab.attach("single", "eth0", "lan", "br0", "198.18.0.21/24");
    Dhclients.script(lab);
    node = NodeProcess.standalone(lab, PAIR);
  }

  @AfterAll
  static void tearDown() {
    NodeProcess.stopAll(node, lab);
  }

  private static String dhclient(String host, int timeoutSeconds) throws Exception {
    return Dhclients.once(lab, host, timeoutSeconds);
  }

  private static double metric(String metrics, String series) {
    return Dhclients.metric(metrics, series);
  }

  private static JsonNode subnet() throws Exception {
    return JSON.readTree(node.status()).path("subnets").get(0);
  }

  @Test
  void aRealClientIsServedAndThePoolSurvivesADiscoverFlood() throws Exception {
    List<Process> attackers = new ArrayList<>();
    try {
      // random hardware addresses (-R), DISCOVER only (-i): offers nobody claims
      attackers.add(lab.start("flood", "perfdhcp-flood", "perfdhcp", "-4", "-l", "eth0", "-i",
          "-r", "5000", "-R", "1000000", "-p", "60", "198.18.0.2"));
      // one hardware address, over its DISCOVER rate
      attackers.add(lab.start("single", "perfdhcp-single", "perfdhcp", "-4", "-l", "eth0", "-i",
          "-r", "200", "-R", "1", "-p", "60", "198.18.0.2"));
      Thread.sleep(3000);
      for (Process p : attackers) {
        assertThat(p.isAlive()).as("attacker running: %s", p.info().commandLine().orElse("?")).isTrue();
      }

      long start = System.nanoTime();
      String log = dhclient("client", (int) LEASE_BOUND.toSeconds());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(log).as("dhclient under the flood").containsPattern("bound to 198\\.18\\.0\\.");
      assertThat(took).as("lease within %s", LEASE_BOUND).isLessThan(LEASE_BOUND);

      // the shedding shows in /metrics (bounded wait: the counters only grow while the floods run)
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      String metrics = node.metrics();
      while ((metric(metrics, "dhcp_drops_total{reason=\"relay_rate_limit\"}") < 1000
              || metric(metrics, "dhcp_drops_total{reason=\"client_rate_limit\"}") < 300)
          && System.nanoTime() < until) {
        Thread.sleep(500);
        metrics = node.metrics();
      }
      JsonNode subnet = subnet();
      System.out.printf("FloodIT: lease in %d ms; subnet %s; relay_rate_limit %.0f, client_rate_limit %.0f, unheld %.0f, DISCOVERs received %.0f%n",
          took.toMillis(), subnet, metric(metrics, "dhcp_drops_total{reason=\"relay_rate_limit\"}"),
          metric(metrics, "dhcp_drops_total{reason=\"client_rate_limit\"}"), metric(metrics, "dhcp_offers_unheld_total"),
          metric(metrics, "dhcp_packets_in_total{type=\"discover\"}"));
      assertThat(subnet.path("offersHeld").asInt())
          .as("offers held: at most half the pool").isBetween(1, POOL / 2);
      assertThat(subnet.path("free").asInt() - subnet.path("offersHeld").asInt())
          .as("addresses neither leased nor held: %s", subnet).isGreaterThanOrEqualTo(POOL / 4);
      assertThat(metric(metrics, "dhcp_drops_total{reason=\"relay_rate_limit\"}"))
          .as("random-MAC flood shed at its relay").isGreaterThanOrEqualTo(1000);
      assertThat(metric(metrics, "dhcp_drops_total{reason=\"client_rate_limit\"}"))
          .as("one-MAC flood shed per client").isGreaterThanOrEqualTo(300);
      assertThat(metric(metrics, "dhcp_offers_unheld_total"))
          .as("offers beyond the cap not held").isGreaterThan(100);
      assertThat(metric(metrics, "dhcp_offers_held{subnet=\"198.18.0.0/24\"}")).isBetween(0.0, POOL / 2.0);
    } finally {
      for (Process p : attackers) {
        NetLab.stop(p, Duration.ofSeconds(3));
      }
    }
    // unclaimed offers go back to the pool after the 10 s hold (the sweep runs every second)
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (subnet().path("offersHeld").asInt() > 0 && System.nanoTime() < end) {
      Thread.sleep(500);
    }
    assertThat(subnet().path("offersHeld").asInt()).as("held offers after the hold").isZero();
  }
}
