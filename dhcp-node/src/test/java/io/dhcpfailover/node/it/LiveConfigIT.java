package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Gentle configuration changes on a running node: a changed pair file is validated and applied
 * without a restart, bindings in a removed range live out their time, and a bad file leaves the
 * node serving on its old configuration with the error in /status.
 */
class LiveConfigIT {
  static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata:
        name: it-live
      spec:
        primary:
          address: 198.18.30.2
          interfaces: []
        secondary:
          address: 198.18.30.3
        subnets:
          - subnet: 198.18.30.0/24
            ranges: ["%s"]
            leaseTime: 10m
            domainName: %s
      """;

  @Test
  void aChangedPairFileIsAppliedWithoutRestartAndABadOneIsRefused() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    try (NetLab lab = new NetLab("live")) {
      lab.host("lan");
      lab.bridge("lan", "br0");
      lab.host("srv");
      lab.host("load");
      lab.attach("srv", "eth1", "lan", "br0", "198.18.30.2/24");
      lab.attach("load", "eth0", "lan", "br0", "198.18.30.20/24");
      Path pair = lab.dir().resolve("pair.yaml");
      Files.writeString(pair, PAIR.formatted("198.18.30.100-198.18.30.149", "a.example"));
      NodeProcess node =
          new NodeProcess(lab, "srv", "node", "http://198.18.30.2:8067", "serve", "--pair", pair.toString(),
                  "--role", "standalone", "--data-dir", lab.dir().resolve("data").toString(), "--http-port", "8067")
              .start()
              .awaitReady(Duration.ofSeconds(30));
      String v1 = configVersion(node.status());
      Path before = probe(lab, 5, "e1");
      List<AckRecord> old = AckRecord.read(List.of(before));
      assertThat(old).allMatch(a -> inRange(a.address(), 100, 149));
      long pid = node.process().pid();

      // remove the range holding those leases, add another, change an option
      Files.writeString(pair, PAIR.formatted("198.18.30.150-198.18.30.199", "b.example"));
      String v2 = awaitNewVersion(node, v1);
      assertThat(node.process().pid()).isEqualTo(pid);
      assertThat(node.process().isAlive()).as("no restart").isTrue();
      assertThat(AckRecord.read(List.of(probe(lab, 5, "e2")))).allMatch(a -> inRange(a.address(), 150, 199));
      // the old leases are still bound; renewing them does not extend them past their end
      List<AckRecord> renewed = AckRecord.read(List.of(renew(lab, before)));
      assertThat(renewed).hasSize(5);
      for (AckRecord r : renewed) {
        AckRecord first = old.stream().filter(o -> o.client().equals(r.client())).findFirst().orElseThrow();
        assertThat(r.address()).isEqualTo(first.address());
        assertThat(r.endMs()).isLessThanOrEqualTo(first.endMs() + 2_000);
      }

      // a bad file: refused, the node keeps serving on the running configuration
      Files.writeString(pair, PAIR.formatted("198.18.31.10-198.18.31.20", "c.example"));
      long end = System.currentTimeMillis() + 15_000;
      String status = node.status();
      while (System.currentTimeMillis() < end && !status.contains("configError")) {
        Thread.sleep(300);
        status = node.status();
      }
      assertThat(status).contains("configError").contains("spec.subnets[0].ranges[0]");
      assertThat(configVersion(status)).isEqualTo(v2);
      assertThat(AckRecord.read(List.of(probe(lab, 2, "e3")))).allMatch(a -> inRange(a.address(), 150, 199));
    }
  }

  private static Path probe(NetLab lab, int count, String mac) throws Exception {
    Path acks = lab.dir().resolve("acks-" + mac);
    NetLab.Result r = lab.exec("load", Duration.ofSeconds(60), NodeProcess.java(), "-cp", System.getProperty("java.class.path"),
        LeaseProbe.class.getName(), "198.18.30.2", "198.18.30.20", String.valueOf(count), acks.toString(), mac, "30");
    assertThat(r.out()).as(r.err()).contains("ACKED " + count);
    return acks;
  }

  private static Path renew(NetLab lab, Path leases) throws Exception {
    Path acks = lab.dir().resolve("acks-renew");
    NetLab.Result r = lab.exec("load", Duration.ofSeconds(60), NodeProcess.java(), "-cp", System.getProperty("java.class.path"),
        LeaseProbe.class.getName(), "198.18.30.2", "198.18.30.20", "0", acks.toString(), "00", "30", leases.toString());
    assertThat(r.out()).as(r.err()).contains("RENEWED 5");
    return acks;
  }

  private static String awaitNewVersion(NodeProcess node, String old) throws Exception {
    long end = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < end) {
      String v = configVersion(node.status());
      if (!v.equals(old)) {
        return v;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("configuration not applied:\n" + node.log());
  }

  private static String configVersion(String status) {
    Matcher m = Pattern.compile("\"configVersion\" : \"(\\w+)\"").matcher(status);
    return m.find() ? m.group(1) : "";
  }

  private static boolean inRange(String address, int lo, int hi) {
    int last = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
    return address.startsWith("198.18.30.") && last >= lo && last <= hi;
  }
}
