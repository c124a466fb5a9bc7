package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Migration from ISC dhcpd, with the real server and real clients in network namespaces:
 *
 * <pre>
 *   c1, c2 (dhclient)   c3 (dhclient, reserved)   c4 (dhclient, after the migration)
 *          \                 |                    /
 *           +---------- lan: br0 198.18.0.0/24 ---+---- srv: eth1 198.18.0.2 (dhcpd, then dhcp-node)
 * </pre>
 *
 * dhcpd hands out leases, is stopped; {@code dhcp-node import isc-dhcpd} turns its dhcpd.conf and
 * dhcpd.leases into a pair file and a lease store; a standalone node starts from them on the same
 * address, and every client's dhclient, still running, renews its address with the node (no NAK,
 * the same address), while a new client gets none of the migrated addresses.
 */
class MigrationIT {
  static final String C3_MAC = "02:00:00:00:0a:03";
  static final String CONF = """
      # the server of one segment, as it ran before the migration
      option domain-name "it.example";
      option domain-name-servers 198.18.0.53;
      default-lease-time 60;
      max-lease-time 60;
      authoritative;
      ddns-update-style none;
      log-facility local7;

      subnet 198.18.0.0 netmask 255.255.255.0 {
        range 198.18.0.100 198.18.0.199;
        option routers 198.18.0.1;
      }

      host c3 {
        hardware ethernet %s;
        fixed-address 198.18.0.30;
      }
      """.formatted(C3_MAC);

  NetLab lab;
  Process dhcpd;
  NodeProcess node;

  @AfterEach
  void tearDown() {
    if (dhcpd != null) {
      NetLab.stop(dhcpd, Duration.ofSeconds(5));
    }
    NodeProcess.stopAll(node, lab);
  }

  @Test
  void clientsOfIscDhcpdKeepTheirAddressesWhenTheImportedNodeTakesOver() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("dhcpd", "isc-dhcp-server");
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    Requirements.requireCommand("curl", "curl");
    lab = new NetLab("migrate");
    MigrationChecks.segment(lab, C3_MAC);
    Path script = MigrationChecks.dhclientScript(lab);

    // 1. ISC dhcpd serves the segment; three clients take leases
    Path conf = lab.dir().resolve("dhcpd.conf");
    Path leases = lab.dir().resolve("dhcpd.leases");
    Files.writeString(conf, CONF);
    Files.writeString(leases, "");
    dhcpd = lab.start("srv", "dhcpd", "/usr/sbin/dhcpd", "-4", "-f", "-d", "-cf", conf.toString(),
        "-lf", leases.toString(), "-pf", lab.dir().resolve("dhcpd.pid").toString(), "eth1");
    Map<String, String> before = new LinkedHashMap<>();
    for (String c : List.of("c1", "c2", "c3")) {
      String log = MigrationChecks.dhclient(lab, c, script);
      String address = MigrationChecks.boundAddress(log);
      assertThat(address).as(c + ": " + log + dhcpdLog()).isNotNull();
      before.put(c, address);
    }
    assertThat(before.get("c3")).isEqualTo("198.18.0.30");
    assertThat(dhcpdLog()).contains("DHCPACK on " + before.get("c1"));

    // 2. dhcpd stops; its files are imported
    NetLab.stop(dhcpd, Duration.ofSeconds(5));
    assertThat(Files.readString(leases)).contains("lease " + before.get("c1") + " {", "binding state active");
    Map<String, Integer> renewalsSeen = MigrationChecks.leasesWritten(lab, before.keySet());
    Path out = lab.dir().resolve("imported");
    NetLab.Result imported = MigrationChecks.importFiles(
        lab, "isc-dhcpd", conf, leases, out, List.of(before.get("c1"), before.get("c2")));
    assertThat(imported.err()).as("what was not translated")
        .contains("line 5: max-lease-time 60; not translated", "line 8: log-facility local7; not translated");
    // dhcpd keeps no lease for a host with a fixed-address: c3 keeps its address by its reservation
    assertThat(imported.out()).contains("(2 lease(s))");

    // 3. the node serves from the imported files on the same address
    node = MigrationChecks.serveImported(lab, out);

    // 4. every running dhclient renews (T1 is 30 s of the 60 s lease) and keeps its address
    MigrationChecks.everyClientRenews(lab, node, before, renewalsSeen);

    // 5. a new client gets an address none of the migrated clients holds
    MigrationChecks.aNewClientGetsAnotherAddress(lab, "c4", script, before);
  }

  private String dhcpdLog() throws Exception {
    return lab.errors("dhcpd") + lab.output("dhcpd");
  }
}
