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
 * RFC details a standalone node gets right with real clients, in network namespaces:
 *
 * <pre>
 *   c1 (dhclient with a client identifier)   inf (198.18.0.30: INFORM and DECLINE probes)
 *        \                                     /
 *         +------ lan: br0 198.18.0.0/24 ----+---- srv: eth1 198.18.0.2 (dhcp-node)
 * </pre>
 */
class RfcRepliesIT {
  static NetLab lab;
  static NodeProcess node;

  static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata:
        name: it-rfc
        namespace: default
      spec:
        mode: HotStandby
        declineProbation: 6s
        primary:
          address: 198.18.0.2
          interfaces: [eth1]
        secondary:
          address: 198.18.0.3
        subnets:
          - subnet: 198.18.0.0/24
            ranges: ["198.18.0.100-198.18.0.250"]
            leaseTime: 5m
            routers: [198.18.0.1]
            domainName: rfc.example
      """;

  @BeforeAll
  static void setUp() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    lab = new NetLab("rfcreplies");
    for (String h : List.of("lan", "srv", "c1", "inf")) {
      lab.host(h);
    }
    lab.bridge("lan", "br0");
    lab.attach("srv", "eth1", "lan", "br0", "198.18.0.2/24");
    lab.attach("c1", "eth0", "lan", "br0", null);
    lab.attach("inf", "eth0", "lan", "br0", "198.18.0.30/24");
    Path script = Dhclients.script(lab);
    node = NodeProcess.standalone(lab, PAIR);
  }

  @AfterAll
  static void tearDown() {
    NodeProcess.stopAll(node, lab);
  }

  @Test
  void dhclientGetsItsClientIdentifierBackInTheAck() throws Exception {
    Path conf = lab.dir().resolve("c1.conf");
    Files.writeString(conf, "send dhcp-client-identifier \"rfc6842-client\";\n");
    Path leases = lab.dir().resolve("c1.leases");
    NetLab.Result r = lab.exec("c1", Duration.ofSeconds(60), "dhclient", "-4", "-1", "-v",
        "-sf", lab.dir().resolve("dhclient-script.sh").toString(), "-cf", conf.toString(),
        "-lf", leases.toString(), "-pf", lab.dir().resolve("c1.pid").toString(), "eth0");
    assertThat(r.out() + r.err()).contains("bound to 198.18.0.");
    // dhclient records the options of the ACK it bound with
    assertThat(Files.readString(leases)).contains("option dhcp-client-identifier \"rfc6842-client\"");
    lab.exec("c1", Duration.ofSeconds(30), "dhclient", "-4", "-r", "-sf", lab.dir().resolve("dhclient-script.sh").toString(),
        "-cf", conf.toString(), "-lf", leases.toString(), "-pf", lab.dir().resolve("c1.pid").toString(), "eth0");
  }

  @Test
  void anInformWithoutCiaddrIsAnsweredAtItsSourceAddressNotByBroadcast() throws Exception {
    NetLab.Result r = lab.exec("inf", Duration.ofSeconds(30), NodeProcess.java(), "-cp", System.getProperty("java.class.path"),
        InformProbe.class.getName(), "198.18.0.2", "198.18.0.30");
    assertThat(r.out()).as(r.err()).contains("INFORM_ACK yiaddr=0.0.0.0")
        .contains("DOMAIN_NAME(15)=7266632e6578616d706c65"); // "rfc.example": the subnet of the source address
  }

  @Test
  void aDeclinedAddressReturnsToThePoolAfterTheProbation() throws Exception {
    Path acks = lab.dir().resolve("decline.acks");
    NetLab.Result lease = lab.exec("inf", Duration.ofSeconds(60), NodeProcess.java(), "-cp", System.getProperty("java.class.path"),
        LeaseProbe.class.getName(), "198.18.0.2", "198.18.0.30", "1", acks.toString(), "dd", "30");
    assertThat(lease.out()).as(lease.err()).contains("ACKED 1");
    String address = AckRecord.read(List.of(acks)).get(0).address();
    NetLab.Result decline = lab.exec("inf", Duration.ofSeconds(60), NodeProcess.java(), "-cp", System.getProperty("java.class.path"),
        LeaseProbe.class.getName(), "198.18.0.2", "198.18.0.30", "1", lab.dir().resolve("decline.out").toString(), "dd", "30",
        acks.toString(), "decline");
    assertThat(decline.exitCode()).as(decline.err()).isZero();
    assertThat(leaseState(address)).isEqualTo("ABANDONED");
    long end = System.currentTimeMillis() + 20_000;
    String state = "ABANDONED";
    while (System.currentTimeMillis() < end && state.equals("ABANDONED")) {
      Thread.sleep(500);
      state = leaseState(address);
    }
    assertThat(state).as("back to the pool after 6 s").isEqualTo("RESET");
    assertThat(node.metrics()).contains("dhcp_addresses_declined_total 1.0").contains("dhcp_decline_probations_ended_total 1.0");
  }

  private static String leaseState(String address) throws Exception {
    NetLab.Result r = lab.run(Duration.ofSeconds(30), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(), "leases",
        "--data-dir", lab.dir().resolve("data").toString()));
    Matcher m = Pattern.compile(Pattern.quote(address) + "\\s+(\\S+)").matcher(r.out());
    return m.find() ? m.group(1) : "none in " + r.out();
  }
}
