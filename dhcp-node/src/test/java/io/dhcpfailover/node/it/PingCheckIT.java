package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conflict detection before an offer, against a real squatter and a real client: a host has
 * configured the range's first address by hand; the node pings it before offering it, hears the
 * echo reply, abandons the address and offers the next one.
 *
 * <pre>
 *   squat (198.18.0.100 by hand)   c1 (dhclient)
 *            \                    /
 *             +---- lan: br0 198.18.0.0/24 ---- srv: eth1 198.18.0.2 (dhcp-node, pingCheck on)
 * </pre>
 */
class PingCheckIT {
  static NetLab lab;
  static NodeProcess node;

  static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata:
        name: it-ping
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
            ranges: ["198.18.0.100-198.18.0.110"]
            leaseTime: 10m
            pingCheck:
              enabled: true
              timeoutMillis: 500
      """;

  @BeforeAll
  static void setUp() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    lab = new NetLab("pingchk");
    for (String h : List.of("lan", "srv", "squat", "c1")) {
      lab.host(h);
    }
    lab.bridge("lan", "br0");
    lab.attach("srv", "eth1", "lan", "br0", "198.18.0.2/24");
    lab.attach("squat", "eth0", "lan", "br0", "198.18.0.100/24");
    lab.attach("c1", "eth0", "lan", "br0", null);
    node = NodeProcess.standalone(lab, PAIR);
  }

  @AfterAll
  static void tearDown() {
    NodeProcess.stopAll(node, lab);
  }

  @Test
  void theClientGetsTheNextAddressAndTheSquattedOneIsAbandonedAndCounted() throws Exception {
    Path script = lab.dir().resolve("c1-script.sh");
    Files.writeString(script,
        """
        #!/bin/sh
        case "$reason" in
          BOUND|RENEW|REBIND|REBOOT) ip addr add "$new_ip_address/24" dev "$interface" ;;
        esac
        exit 0
        """);
    script.toFile().setExecutable(true);
    NetLab.Result r = lab.exec("c1", Duration.ofSeconds(60), "dhclient", "-4", "-1", "-v",
        "-sf", script.toString(), "-lf", lab.dir().resolve("c1.leases").toString(),
        "-pf", lab.dir().resolve("c1.pid").toString(), "eth0");
    String out = r.out() + r.err();
    Matcher m = Pattern.compile("bound to (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(m.group(1)).as("not the address a host already uses").isEqualTo("198.18.0.101");

    assertThat(node.metrics()).contains("dhcp_address_conflicts_total 1.0")
        .contains("dhcp_ping_checks_total{outcome=\"answered\"} 1.0")
        .contains("dhcp_ping_checks_total{outcome=\"silent\"} 1.0");
    assertThat(node.log()).contains("ADDRESS_CONFLICT ip=198.18.0.100");
    assertThat(node.status()).containsPattern("\"abandoned\"\\s*:\\s*1\\b");
    lab.exec("c1", Duration.ofSeconds(30), "dhclient", "-4", "-x", "-pf",
        lab.dir().resolve("c1.pid").toString(), "eth0");
  }
}
