package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A standalone node against real clients from Debian's packages, in network namespaces:
 *
 * <pre>
 *   c1 (dhclient) c2 (udhcpc) c3 (dhcpcd) perf (perfdhcp 198.18.0.20)
 *        \            |           |          /
 *         +------ lan: br0 198.18.0.0/24 ---+---- srv: eth1 198.18.0.2 (dhcp-node)
 *                          |
 *               rly: eth1 198.18.0.254 / eth2 198.18.1.1 (dhcrelay) --- lan: br1 --- c4 (dhclient)
 * </pre>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClientsIT {
  static NetLab lab;
  static NodeProcess node;
  static Path scripts;
  static final List<String> addresses = new ArrayList<>();

  static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata:
        name: it-standalone
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
            leaseTime: 20s
            routers: [198.18.0.1]
            dnsServers: [198.18.0.53]
            domainName: it.example
            options:
              - {code: 42, addresses: [198.18.0.123]}
          - subnet: 198.18.1.0/24
            ranges: ["198.18.1.100-198.18.1.199"]
            leaseTime: 20s
            routers: [198.18.1.1]
      """;

  @BeforeAll
  static void setUp() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    Requirements.requireCommand("udhcpc", "udhcpc");
    Requirements.requireCommand("dhcpcd", "dhcpcd-base");
    Requirements.requireCommand("dhcrelay", "isc-dhcp-relay");
    Requirements.requireCommand("perfdhcp", "kea-admin");
    lab = new NetLab("standalone");
    for (String h : List.of("lan", "srv", "c1", "c2", "c3", "c4", "perf", "rly")) {
      lab.host(h);
    }
    lab.bridge("lan", "br0");
    lab.bridge("lan", "br1");
    lab.attach("srv", "eth1", "lan", "br0", "198.18.0.2/24");
    lab.route("srv", "198.18.1.0/24", "198.18.0.254");
    lab.attach("c1", "eth0", "lan", "br0", null);
    lab.attach("c2", "eth0", "lan", "br0", null);
    lab.attach("c3", "eth0", "lan", "br0", null);
    lab.attach("perf", "eth0", "lan", "br0", "198.18.0.20/24");
    lab.attach("rly", "eth1", "lan", "br0", "198.18.0.254/24");
    lab.attach("rly", "eth2", "lan", "br1", "198.18.1.1/24");
    lab.attach("c4", "eth0", "lan", "br1", null);
    scripts = lab.dir();
    for (String s : List.of("dhclient-script.sh", "udhcpc-script.sh")) {
      Path target = scripts.resolve(s);
      try (var in = StandaloneClientsIT.class.getResourceAsStream("/it/" + s)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      target.toFile().setExecutable(true);
    }
    node = NodeProcess.standalone(lab, PAIR);
  }

  @AfterAll
  static void tearDown() {
    NodeProcess.stopAll(node, lab);
  }

  private static String dhclient(String host, String tag, String... extra) throws Exception {
    Path conf = lab.dir().resolve(tag + ".conf");
    if (!Files.exists(conf)) {
      Files.writeString(conf, "");
    }
    List<String> cmd = new ArrayList<>(List.of("dhclient", "-4", "-v", "-sf", scripts.resolve("dhclient-script.sh").toString(),
        "-cf", conf.toString(), "-lf", lab.dir().resolve(tag + ".leases").toString(),
        "-pf", lab.dir().resolve(tag + ".pid").toString()));
    cmd.addAll(List.of(extra));
    cmd.add("eth0");
    NetLab.Result r = lab.exec(host, Duration.ofSeconds(60), cmd.toArray(String[]::new));
    return r.out() + r.err();
  }

  private static String boundAddress(String dhclientLog) {
    Matcher m = Pattern.compile("bound to (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(dhclientLog);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  @Test
  @Order(1)
  void dhclientObtainsRenewsAndReleasesALease() throws Exception {
    String log = dhclient("c1", "c1", "-1");
    String address = boundAddress(log);
    assertThat(address).as(log).startsWith("198.18.0.").isNotEqualTo("198.18.0.2");
    int last = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
    assertThat(last).isBetween(100, 250);
    addresses.add(address);
    String iface = lab.exec("c1", Duration.ofSeconds(5), "ip", "-4", "addr", "show", "eth0").out();
    assertThat(iface).contains(address + "/24");

    // the daemon renews at T1 (10 s of a 20 s lease): unicast REQUEST with ciaddr, DHCPACK back
    Path leases = lab.dir().resolve("c1.leases");
    long end = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < end && count(Files.readString(leases), "lease {") < 2) {
      Thread.sleep(500);
    }
    assertThat(count(Files.readString(leases), "lease {")).as("renewal recorded in the lease file").isGreaterThanOrEqualTo(2);
    assertThat(Files.readString(leases)).contains("fixed-address " + address);
    assertThat(node.metrics()).containsPattern("dhcp_packets_in_total\\{type=\"request\"} [3-9]");

    String release = dhclient("c1", "c1", "-r");
    assertThat(release).contains("DHCPRELEASE");
    awaitLeaseState(address, "RELEASED");
  }

  @Test
  @Order(2)
  void udhcpcObtainsRenewsAndReleasesALease() throws Exception {
    Process p = lab.start("c2", "udhcpc", "udhcpc", "-i", "eth0", "-f", "-n", "-R", "-t", "5", "-T", "2",
        "-x", "hostname:c2-host", "-s", scripts.resolve("udhcpc-script.sh").toString());
    long end = System.currentTimeMillis() + 40_000;
    while (System.currentTimeMillis() < end && count(lab.errors("udhcpc") + lab.output("udhcpc"), "obtained") < 2) {
      Thread.sleep(500);
    }
    String log = lab.errors("udhcpc") + lab.output("udhcpc");
    assertThat(count(log, "obtained")).as(log).isGreaterThanOrEqualTo(2);
    Matcher m = Pattern.compile("lease of (\\S+) obtained").matcher(log);
    assertThat(m.find()).isTrue();
    String address = m.group(1);
    assertThat(address).startsWith("198.18.0.");
    addresses.add(address);
    NetLab.stop(p, Duration.ofSeconds(5)); // -R: release on exit
    awaitLeaseState(address, "RELEASED");
  }

  @Test
  @Order(3)
  void dhcpcdGetsAnOffer() throws Exception {
    NetLab.Result r = lab.exec("c3", Duration.ofSeconds(40), "dhcpcd", "-4", "-T", "-f", "/dev/null", "-t", "15",
        "--nobackground", "eth0");
    String log = r.out() + r.err();
    Matcher m = Pattern.compile("new_ip_address=(\\S+)").matcher(log);
    assertThat(m.find()).as(log).isTrue();
    String offered = m.group(1).replace("'", "");
    assertThat(offered).startsWith("198.18.0.");
    assertThat(log).contains("new_domain_name_servers='198.18.0.53'").contains("new_routers='198.18.0.1'");
    for (long pid : lab.pidsIn("c3")) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  @Order(4)
  void relayedClientGetsAnAddressFromTheRelaySubnet() throws Exception {
    Process relay = lab.start("rly", "dhcrelay", "dhcrelay", "-4", "-d", "-a", "-id", "eth2", "-iu", "eth1", "198.18.0.2");
    try {
      Thread.sleep(1000);
      String log = dhclient("c4", "c4", "-1");
      String address = boundAddress(log);
      assertThat(address).as(log + lab.errors("dhcrelay")).startsWith("198.18.1.");
      addresses.add(address);
      dhclient("c4", "c4", "-r");
    } finally {
      NetLab.stop(relay, Duration.ofSeconds(3));
    }
  }

  @Test
  @Order(5)
  void perfdhcpCompletesFourWayExchanges() throws Exception {
    NetLab.Result r = lab.exec("perf", Duration.ofSeconds(60), "perfdhcp", "-4", "-l", "eth0", "-r", "20", "-n", "60",
        "-R", "60", "-p", "10", "198.18.0.2");
    String log = r.out() + r.err();
    Matcher sent = Pattern.compile("sent packets: (\\d+)").matcher(log);
    Matcher recv = Pattern.compile("received packets: (\\d+)").matcher(log);
    assertThat(sent.find() && recv.find()).as(log).isTrue();
    // DISCOVER-OFFER then REQUEST-ACK: both exchanges answered
    assertThat(Integer.parseInt(recv.group(1))).as(log).isGreaterThanOrEqualTo(Integer.parseInt(sent.group(1)) * 9 / 10);
    Matcher sent2 = Pattern.compile("sent packets: (\\d+)").matcher(log.substring(sent.end()));
    assertThat(sent2.find()).as("REQUEST-ACK statistics in " + log).isTrue();
  }

  @Test
  @Order(6)
  void clientsNeverShareAnAddress() throws Exception {
    Path acks = lab.dir().resolve("probe.acks");
    NetLab.Result r = lab.exec("perf", Duration.ofSeconds(90), NodeProcess.java(), "-cp", System.getProperty("java.class.path"),
        LeaseProbe.class.getName(), "198.18.0.2", "198.18.0.20", "40", acks.toString(), "bb", "60");
    assertThat(r.out()).as(r.err()).contains("ACKED 40");
    List<AckRecord> all = AckRecord.read(List.of(acks));
    assertThat(all).hasSize(40);
    assertThat(DuplicateAddressChecker.overlaps(all)).isEmpty();
    for (AckRecord a : all) {
      assertThat(addresses).doesNotContain(a.address());
    }
    assertThat(all.stream().map(AckRecord::address).distinct().count()).isEqualTo(40);
  }

  @Test
  @Order(7)
  void statusAndMetricsDescribeTheNode() throws Exception {
    String status = node.status();
    assertThat(status).contains("\"role\" : \"standalone\"").contains("\"subnet\" : \"198.18.0.0/24\"")
        .contains("\"available\" : true");
    String metrics = node.metrics();
    assertThat(metrics).contains("dhcp_packets_in_total{type=\"discover\"}").contains("dhcp_packets_out_total{type=\"ack\"}")
        .contains("dhcp_journal_fsync_seconds").contains("dhcp_leases{state=\"active\"}");
  }

  private static void awaitLeaseState(String address, String state) throws Exception {
    long end = System.currentTimeMillis() + 10_000;
    String out = "";
    while (System.currentTimeMillis() < end) {
      NetLab.Result r = lab.run(Duration.ofSeconds(30), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(), "leases",
          "--data-dir", lab.dir().resolve("data").toString()));
      out = r.out();
      if (Pattern.compile(Pattern.quote(address) + "\\s+" + state).matcher(out).find()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(address + " not " + state + " in the store:\n" + out);
  }

  private static int count(String text, String word) {
    int n = 0;
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      n++;
    }
    return n;
  }
}
