package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.relays} against real relays and a forging client, in network namespaces:
 *
 * <pre>
 *   direct (dhclient)   forger (DISCOVERs with option 82, no giaddr)
 *          \             /
 *           +-- lan: br0 198.18.0.0/24 --+-- srv: eth1 198.18.0.2 (dhcp-node, relays: 198.18.0.254/32)
 *             |                        |
 *   ok: 198.18.0.254 (dhcrelay)   rogue: 198.18.0.253 (dhcrelay)
 *             |                        |
 *     br1 198.18.1.0/24: c-ok    br2 198.18.2.0/24: c-rogue
 * </pre>
 *
 * The trusted relay's client gets its lease, the untrusted relay's does not, DISCOVERs that carry
 * relay agent information without a giaddr are dropped, the direct client is served through it
 * all, and {@code /metrics} counts each drop by its reason.
 */
class RelayTrustIT {
  static NetLab lab;
  static NodeProcess node;

  static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata:
        name: it-relays
        namespace: default
      spec:
        mode: HotStandby
        relays: [198.18.0.254/32]
        primary:
          address: 198.18.0.2
          interfaces: [eth1]
        secondary:
          address: 198.18.0.3
        subnets:
          - subnet: 198.18.0.0/24
            ranges: ["198.18.0.100-198.18.0.199"]
            leaseTime: 1m
          - subnet: 198.18.1.0/24
            ranges: ["198.18.1.100-198.18.1.199"]
            leaseTime: 1m
          - subnet: 198.18.2.0/24
            ranges: ["198.18.2.100-198.18.2.199"]
            leaseTime: 1m
      """;

  @BeforeAll
  static void setUp() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    Requirements.requireCommand("dhcrelay", "isc-dhcp-relay");
    lab = new NetLab("relays");
    for (String h : List.of("lan", "srv", "direct", "forger", "ok", "rogue", "cok", "crogue")) {
      lab.host(h);
    }
    lab.bridge("lan", "br0");
    lab.bridge("lan", "br1");
    lab.bridge("lan", "br2");
    lab.attach("srv", "eth1", "lan", "br0", "198.18.0.2/24");
    lab.route("srv", "198.18.1.0/24", "198.18.0.254");
    lab.route("srv", "198.18.2.0/24", "198.18.0.253");
    lab.attach("direct", "eth0", "lan", "br0", null);
    lab.attach("forger", "eth0", "lan", "br0", "198.18.0.20/24");
    lab.attach("ok", "eth1", "lan", "br0", "198.18.0.254/24");
    lab.attach("ok", "eth2", "lan", "br1", "198.18.1.1/24");
    lab.attach("rogue", "eth1", "lan", "br0", "198.18.0.253/24");
    lab.attach("rogue", "eth2", "lan", "br2", "198.18.2.1/24");
    lab.attach("cok", "eth0", "lan", "br1", null);
    lab.attach("crogue", "eth0", "lan", "br2", null);
    Dhclients.script(lab);
    node = NodeProcess.standalone(lab, PAIR);
  }

  @AfterAll
  static void tearDown() {
    NodeProcess.stopAll(node, lab);
  }

  /** One dhclient attempt of at most {@code timeoutSeconds}; its log. */
  private static String dhclient(String host, int timeoutSeconds) throws Exception {
    return Dhclients.once(lab, host, timeoutSeconds);
  }

  private static String bound(String log) {
    Matcher m = Pattern.compile("bound to (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(log);
    return m.find() ? m.group(1) : null;
  }

  private static long drops(String reason) throws Exception {
    Matcher m = Pattern.compile("dhcp_drops_total\\{reason=\"" + reason + "\"} (\\d+)").matcher(node.metrics());
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void onlyTrustedRelaysAndRealClientsAreServed() throws Exception {
    List<Process> relays = new ArrayList<>();
    relays.add(lab.start("ok", "relay-ok", "dhcrelay", "-4", "-d", "-a", "-id", "eth2", "-iu", "eth1", "198.18.0.2"));
    relays.add(lab.start("rogue", "relay-rogue", "dhcrelay", "-4", "-d", "-a", "-id", "eth2", "-iu", "eth1", "198.18.0.2"));
    Process forger = null;
    try {
      Thread.sleep(1000);
      // a client forging relay agent information (circuit id "evil") on the server's own segment,
      // at 50 DISCOVERs a second for the whole test
      forger = lab.start("forger", "forger", NodeProcess.java(), "-cp", System.getProperty("java.class.path"),
          ForgedRelayInfo.class.getName(), "198.18.0.2", "2000", "50");

      String viaTrusted = dhclient("cok", 15);
      assertThat(bound(viaTrusted)).as(viaTrusted).startsWith("198.18.1.");

      String viaRogue = dhclient("crogue", 8);
      assertThat(bound(viaRogue)).as("no lease through the untrusted relay: " + viaRogue).isNull();

      String direct = dhclient("direct", 15);
      assertThat(bound(direct)).as("the direct client is served during the forgery: " + direct)
          .startsWith("198.18.0.");

      assertThat(drops("untrusted_relay")).isPositive();
      assertThat(drops("relay_info_from_client"))
          .as("forged option 82 dropped; forger: %s %s", lab.output("forger"), lab.errors("forger"))
          .isGreaterThan(10);
      assertThat(node.metrics()).doesNotContainPattern("dhcp_leases\\{state=\"active\"} (1[0-9]|[2-9][0-9])");
    } finally {
      if (forger != null) {
        NetLab.stop(forger, Duration.ofSeconds(3));
      }
      for (Process p : relays) {
        NetLab.stop(p, Duration.ofSeconds(3));
      }
    }
  }
}
