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
 * Migration from Kea, with the real server and real clients in network namespaces:
 *
 * <pre>
 *   c1, c2 (dhclient)   c3 (dhclient, reserved)   c4 (dhclient, after the migration)
 *          \                 |                    /
 *           +---------- lan: br0 198.18.0.0/24 ---+---- srv: eth1 198.18.0.2 (kea-dhcp4, then dhcp-node)
 * </pre>
 *
 * kea-dhcp4 hands out leases into its memfile, is stopped; {@code dhcp-node import kea} turns its
 * configuration and kea-leases4.csv into a pair file and a lease store; a standalone node starts
 * from them on the same address, and every client's dhclient, still running, renews its address
 * with the node (no NAK, the same address), while a new client gets none of the migrated
 * addresses.
 */
class KeaMigrationIT {
  static final String C3_MAC = "02:00:00:00:0b:03";

  NetLab lab;
  Process kea;
  NodeProcess node;

  @AfterEach
  void tearDown() {
    if (kea != null) {
      NetLab.stop(kea, Duration.ofSeconds(5));
    }
    NodeProcess.stopAll(node, lab);
  }

  private String config(Path dir) {
    return """
        // the server of one segment, as it ran before the migration
        { "Dhcp4": {
            "interfaces-config": { "interfaces": [ "eth1" ] },
            "lease-database": { "type": "memfile", "persist": true,
                                "name": "%1$s/kea-leases4.csv", "lfc-interval": 0 },
            "valid-lifetime": 60, "renew-timer": 30, "rebind-timer": 52,
            "option-data": [ { "name": "domain-name", "data": "it.example" },
                             { "name": "domain-name-servers", "data": "198.18.0.53" } ],
            "subnet4": [ {
                "id": 7, "subnet": "198.18.0.0/24",
                "pools": [ { "pool": "198.18.0.100 - 198.18.0.199" } ],
                "option-data": [ { "name": "routers", "data": "198.18.0.1" } ],
                "reservations": [ { "hw-address": "%2$s", "ip-address": "198.18.0.30" } ]
            } ],
            "loggers": [ { "name": "kea-dhcp4", "severity": "INFO",
                           "output_options": [ { "output": "%1$s/kea.log" } ] } ]
        } }
        """.formatted(dir, C3_MAC);
  }

  @Test
  void clientsOfKeaKeepTheirAddressesWhenTheImportedNodeTakesOver() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("kea-dhcp4", "kea-dhcp4-server");
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    Requirements.requireCommand("curl", "curl");
    lab = new NetLab("keamig");
    MigrationChecks.segment(lab, C3_MAC);
    Path script = MigrationChecks.dhclientScript(lab);

    // 1. Kea serves the segment; three clients take leases
    Path conf = lab.dir().resolve("kea-dhcp4.conf");
    Path leases = lab.dir().resolve("kea-leases4.csv");
    Files.writeString(conf, config(lab.dir()));
    String runDir = lab.dir().toString();
    kea = lab.start("srv", "kea", "env", "KEA_PIDFILE_DIR=" + runDir, "KEA_LOCKFILE_DIR=" + runDir,
        "kea-dhcp4", "-c", conf.toString());
    Map<String, String> before = new LinkedHashMap<>();
    for (String c : List.of("c1", "c2", "c3")) {
      String log = MigrationChecks.dhclient(lab, c, script);
      String address = MigrationChecks.boundAddress(log);
      assertThat(address).as(c + ": " + log + keaLog()).isNotNull();
      before.put(c, address);
    }
    assertThat(before.get("c3")).isEqualTo("198.18.0.30");

    // 2. Kea stops; its files are imported
    NetLab.stop(kea, Duration.ofSeconds(5));
    kea = null;
    String csv = Files.readString(leases);
    for (String address : before.values()) {
      assertThat(csv).as("Kea's memfile").contains(address + ",");
    }
    Map<String, Integer> renewalsSeen = MigrationChecks.leasesWritten(lab, before.keySet());
    Path out = lab.dir().resolve("imported");
    NetLab.Result imported = MigrationChecks.importFiles(lab, "kea", conf, leases, out, before.values());
    assertThat(imported.err()).as("what was not translated").contains("lease-database", "loggers");
    assertThat(imported.out()).contains("(3 lease(s))");

    // 3. the node serves from the imported files on the same address
    node = MigrationChecks.serveImported(lab, out);

    // 4. every running dhclient renews (T1 is 30 s of the 60 s lease) and keeps its address
    MigrationChecks.everyClientRenews(lab, node, before, renewalsSeen);

    // 5. a new client gets an address none of the migrated clients holds
    MigrationChecks.aNewClientGetsAnotherAddress(lab, "c4", script, before);
  }

  private String keaLog() throws Exception {
    Path log = lab.dir().resolve("kea.log");
    return lab.errors("kea") + lab.output("kea") + (Files.exists(log) ? Files.readString(log) : "");
  }
}
