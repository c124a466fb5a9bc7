package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starvation attackers that complete the exchange, on the client segment of a standalone node with
 * the default {@code spec.limits} (a 25 % new-client reserve: 37 of 151 addresses):
 *
 * <pre>
 *   client (dhclient)      starve (dhcpstarv: DISCOVER + REQUEST, a new hardware address each time)
 *          \                /
 *           +-- lan: br0 --+-- srv: eth1 198.18.0.2 (dhcp-node; range .100-.250)
 *                          \
 *                           yersinia (DISCOVERs from random hardware addresses, ~10,000/s)
 * </pre>
 *
 * dhcpstarv takes the pool down to its reserve within seconds (then yersinia and dhcpig join in);
 * from then on made-up clients must wait for a retransmission like real ones, and get a 30 s lease
 * that dhcpstarv never renews. While the three attackers run, a real {@code dhclient} gets a lease
 * within {@link #LEASE_BOUND}; the addresses the node may still give never fall below half the
 * reserve, and {@code /metrics} counts the DHCPDISCOVERs shed at the reserve. dhcpig runs from a
 * copy with the one Python 3 fix its Debian package (1.5) needs beside scapy 2.5 ({@link #dhcpig}).
 */
class StarvationIT {
  /** How long the real client may take: its first DHCPDISCOVER is shed, a retransmission answered. */
  static final Duration LEASE_BOUND = Duration.ofSeconds(20);

  static final int POOL = 151;
  static final int RESERVE = 37; // 25 % of 151, rounded down

  static NetLab lab;
  static NodeProcess node;
  static final ObjectMapper JSON = new ObjectMapper();

  static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata:
        name: it-starve
        namespace: default
      spec:
        mode: HotStandby
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
    Requirements.requireCommand("dhcpstarv", "dhcpstarv");
    Requirements.requireCommand("yersinia", "yersinia");
    Requirements.requireCommand("dhcpig", "dhcpig");
    lab = new NetLab("starve");
    for (String h : List.of("lan", "srv", "client", "starve", "yersinia", "dhcpig")) {
      lab.host(h);
    }
    lab.bridge("lan", "br0");
    lab.attach("srv", "eth1", "lan", "br0", "198.18.0.2/24");
    lab.attach("client", "eth0", "lan", "br0", null);
    lab.attach("starve", "eth0", "lan", "br0", null);
    lab.attach("yersinia", "eth0", "lan", "br0", null);
    lab.attach("dhcpig", "eth0", "lan", "br0", null);
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

  /** Addresses the node may still give a new client: free ones not held in an offer. */
  private static int available() throws Exception {
    JsonNode s = JSON.readTree(node.status()).path("subnets").get(0);
    return s.path("free").asInt() - s.path("offersHeld").asInt();
  }

  /**
   * Debian's dhcpig (1.5) with the one Python 3 fix it needs to run beside Debian's scapy 2.5: its
   * DISCOVER's parameter request list is written as chr() strings, which scapy 2.5 refuses before
   * the first packet. The copy is made here; a dhcpig that no longer has that line runs as it is.
   */
  private static Path dhcpig() throws IOException {
    String source = Files.readString(Path.of("/usr/bin/dhcpig"));
    String fixed = source.replace(
        "(\"param_req_list\", chr(1),chr(121),chr(3),chr(6),chr(15),chr(119),chr(252),chr(95),chr(44),chr(46))",
        "(\"param_req_list\", 1,121,3,6,15,119,252,95,44,46)");
    return Files.writeString(lab.dir().resolve("dhcpig.py"), fixed);
  }

  /** The Python of dhcpig's own #! line (the one its scapy is installed for), else python3. */
  private static String dhcpigInterpreter() throws IOException {
    String first = Files.readAllLines(Path.of("/usr/bin/dhcpig")).get(0);
    return first.startsWith("#!") ? first.substring(2).trim().split("\\s+")[0] : "python3";
  }

  @Test
  void aRealClientIsServedAndTheReserveHoldsWhileDhcpstarvYersiniaAndDhcpigRun() throws Exception {
    List<Process> attackers = new ArrayList<>();
    int lowest = POOL;
    try {
      attackers.add(lab.start("starve", "dhcpstarv", "dhcpstarv", "-i", "eth0"));
      // dhcpstarv takes the pool down to its reserve (bounded wait)
      long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      int left = available();
      while (left > RESERVE && System.nanoTime() < until) {
        Thread.sleep(200);
        left = available();
      }
      assertThat(left).as("dhcpstarv brought the pool down to its reserve").isLessThanOrEqualTo(RESERVE);
      JsonNode reserve = JSON.readTree(node.status()).path("subnets").get(0).path("newClientReserve");
      assertThat(reserve.path("addresses").asInt()).as("/status: %s", reserve).isEqualTo(RESERVE);
      assertThat(reserve.path("depleted").asBoolean()).as("/status: %s", reserve).isTrue();
      // then yersinia floods as well (it stops at its first byte of input: a pipe that stays open
      // and silent; it writes yersinia.log where it runs)
      attackers.add(lab.start("yersinia", "yersinia", "sh", "-c",
          "cd \"$1\" && sleep 60 | yersinia dhcp -attack 1 -interface eth0", "sh", lab.dir().toString()));
      attackers.add(lab.start("dhcpig", "dhcpig", dhcpigInterpreter(), dhcpig().toString(), "-v2", "eth0"));
      Thread.sleep(1000);
      for (Process p : attackers) {
        assertThat(p.isAlive()).as("attacker running: %s (dhcpig's errors: %s)",
            p.info().commandLine().orElse("?"), lab.errors("dhcpig")).isTrue();
      }

      // a real client meanwhile, watching the pool in the background
      int[] low = {left};
      Thread watch = new Thread(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            low[0] = Math.min(low[0], available());
            Thread.sleep(250);
          }
        } catch (Exception e) {
          Thread.currentThread().interrupt();
        }
      });
      watch.setDaemon(true);
      watch.start();
      long start = System.nanoTime();
      String log = dhclient("client", (int) LEASE_BOUND.toSeconds());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // the attack goes on a while longer: dhcpstarv's retransmissions get a lease now and then
      Thread.sleep(Math.max(0, 20_000 - took.toMillis()));
      watch.interrupt();
      watch.join(2000);
      lowest = Math.min(low[0], available());

      String metrics = node.metrics();
      double shed = metric(metrics, "dhcp_drops_total{reason=\"new_client_reserve\"}");
      System.out.printf("StarvationIT: lease in %d ms; available at least %d (reserve %d); new_client_reserve %.0f;"
              + " DISCOVERs %.0f, REQUESTs %.0f, leases committed %.0f%n",
          took.toMillis(), lowest, RESERVE, shed, metric(metrics, "dhcp_packets_in_total{type=\"discover\"}"),
          metric(metrics, "dhcp_packets_in_total{type=\"request\"}"), metric(metrics, "dhcp_leases_committed_total"));
      assertThat(log).as("dhclient under the attack").containsPattern("bound to 198\\.18\\.0\\.");
      assertThat(took).as("lease within %s", LEASE_BOUND).isLessThan(LEASE_BOUND);
      assertThat(lowest).as("addresses the node may still give, at their lowest").isGreaterThanOrEqualTo(RESERVE / 2);
      assertThat(shed).as("DHCPDISCOVERs shed at the reserve").isGreaterThanOrEqualTo(1000);
      assertThat(lab.output("dhcpig")).as("dhcpig attacked (its log: %s)", lab.errors("dhcpig"))
          .contains("DHCP_Discover");
    } finally {
      for (Process p : attackers) {
        NetLab.stop(p, Duration.ofSeconds(3));
      }
    }
  }
}
