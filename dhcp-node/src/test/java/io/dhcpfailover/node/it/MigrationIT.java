package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    for (String h : List.of("lan", "srv", "c1", "c2", "c3", "c4")) {
      lab.host(h);
    }
    lab.bridge("lan", "br0");
    lab.attach("srv", "eth1", "lan", "br0", "198.18.0.2/24");
    for (String c : List.of("c1", "c2", "c3", "c4")) {
      lab.attach(c, "eth0", "lan", "br0", null);
    }
    lab.exec("c3", Duration.ofSeconds(5), "ip", "link", "set", "dev", "eth0", "address", C3_MAC);
    Path script = lab.dir().resolve("dhclient-script.sh");
    try (var in = MigrationIT.class.getResourceAsStream("/it/dhclient-script.sh")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    script.toFile().setExecutable(true);

    // 1. ISC dhcpd serves the segment; three clients take leases
    Path conf = lab.dir().resolve("dhcpd.conf");
    Path leases = lab.dir().resolve("dhcpd.leases");
    Files.writeString(conf, CONF);
    Files.writeString(leases, "");
    dhcpd = lab.start("srv", "dhcpd", "/usr/sbin/dhcpd", "-4", "-f", "-d", "-cf", conf.toString(),
        "-lf", leases.toString(), "-pf", lab.dir().resolve("dhcpd.pid").toString(), "eth1");
    Map<String, String> before = new LinkedHashMap<>();
    for (String c : List.of("c1", "c2", "c3")) {
      String log = dhclient(c, script);
      String address = boundAddress(log);
      assertThat(address).as(c + ": " + log + dhcpdLog()).isNotNull();
      before.put(c, address);
    }
    assertThat(before.get("c3")).isEqualTo("198.18.0.30");
    assertThat(dhcpdLog()).contains("DHCPACK on " + before.get("c1"));

    // 2. dhcpd stops; its files are imported
    NetLab.stop(dhcpd, Duration.ofSeconds(5));
    assertThat(Files.readString(leases)).contains("lease " + before.get("c1") + " {", "binding state active");
    Map<String, Integer> renewalsSeen = new LinkedHashMap<>();
    for (String c : before.keySet()) {
      renewalsSeen.put(c, count(Files.readString(lab.dir().resolve(c + ".leases")), "lease {"));
    }
    Path out = lab.dir().resolve("imported");
    NetLab.Result imported =
        lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(),
            "import", "isc-dhcpd", "--conf", conf.toString(), "--leases", leases.toString(),
            "--out", out.toString(), "--name", "migrated", "--address", "198.18.0.2",
            "--secondary-address", "198.18.0.3", "--interface", "eth1"));
    assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
    assertThat(imported.err()).as("what was not translated")
        .contains("line 5: max-lease-time 60; not translated", "line 8: log-facility local7; not translated");
    // dhcpd keeps no lease for a host with a fixed-address: c3 keeps its address by its reservation
    assertThat(imported.out()).contains("(2 lease(s))");
    NetLab.Result stored = lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar",
        NodeProcess.jar(), "leases", "--data-dir", out.resolve("data").toString()));
    for (String address : List.of(before.get("c1"), before.get("c2"))) {
      assertThat(stored.out()).containsPattern(Pattern.quote(address) + "\\s+ACTIVE");
    }

    // 3. the node serves from the imported files on the same address
    node = new NodeProcess(lab, "srv", "node", "http://198.18.0.2:8067",
            "serve", "--pair", out.resolve("pair.yaml").toString(), "--role", "standalone",
            "--data-dir", out.resolve("data").toString(), "--http-port", "8067")
        .start()
        .awaitReady(Duration.ofSeconds(30));

    // 4. every running dhclient renews (T1 is 30 s of the 60 s lease) and keeps its address
    long deadline = System.currentTimeMillis() + 90_000;
    for (String c : before.keySet()) {
      Path file = lab.dir().resolve(c + ".leases");
      while (System.currentTimeMillis() < deadline
          && count(Files.readString(file), "lease {") <= renewalsSeen.get(c)) {
        Thread.sleep(500);
      }
      String text = Files.readString(file);
      assertThat(count(text, "lease {")).as(c + " renewed with the node:\n" + text + node.log())
          .isGreaterThan(renewalsSeen.get(c));
      assertThat(lastFixedAddress(text)).as(c + "'s address after the renewal").isEqualTo(before.get(c));
    }
    String metrics = node.metrics();
    assertThat(metrics).containsPattern("dhcp_packets_out_total\\{type=\"ack\"} [3-9]");
    assertThat(metrics).doesNotContainPattern("dhcp_packets_out_total\\{type=\"nak\"} [1-9]");

    // 5. a new client gets an address none of the migrated clients holds
    String fresh = boundAddress(dhclient("c4", script));
    assertThat(fresh).startsWith("198.18.0.").isNotIn(before.values());
  }

  private String dhclient(String host, Path script) throws Exception {
    Path conf = lab.dir().resolve(host + ".conf");
    Files.writeString(conf, "");
    NetLab.Result r = lab.exec(host, Duration.ofSeconds(60), "dhclient", "-4", "-v", "-1", "-sf", script.toString(),
        "-cf", conf.toString(), "-lf", lab.dir().resolve(host + ".leases").toString(),
        "-pf", lab.dir().resolve(host + ".pid").toString(), "eth0");
    return r.out() + r.err();
  }

  private String dhcpdLog() throws Exception {
    return lab.errors("dhcpd") + lab.output("dhcpd");
  }

  private static String boundAddress(String dhclientLog) {
    Matcher m = Pattern.compile("bound to (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(dhclientLog);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  private static String lastFixedAddress(String leaseFile) {
    Matcher m = Pattern.compile("fixed-address (\\S+);").matcher(leaseFile);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

}
