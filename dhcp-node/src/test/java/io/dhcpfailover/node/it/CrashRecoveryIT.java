package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stable storage for real: a node killed with SIGKILL in the middle of load keeps every lease a
 * client was acknowledged; a journal corrupted in the middle stops start-up with a clear message.
 */
class CrashRecoveryIT {
  static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata:
        name: it-crash
      spec:
        primary:
          address: 198.18.4.2
          interfaces: []
        secondary:
          address: 198.18.4.3
        subnets:
          - subnet: 198.18.4.0/22
            ranges: ["198.18.4.100-198.18.7.200"]
            leaseTime: 1h
      """;

  NetLab lab;
  Path pair;
  Path data;

  @BeforeEach
  void setUp() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    lab = new NetLab("crash");
    lab.host("lan");
    lab.bridge("lan", "br0");
    lab.host("srv");
    lab.host("load");
    lab.attach("srv", "eth1", "lan", "br0", "198.18.4.2/22");
    lab.attach("load", "eth0", "lan", "br0", "198.18.4.20/22");
    pair = lab.dir().resolve("pair.yaml");
    Files.writeString(pair, PAIR);
    data = lab.dir().resolve("data");
  }

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private NodeProcess node(String name) {
    return new NodeProcess(lab, "srv", name, "http://198.18.4.2:8067", "serve", "--pair", pair.toString(),
        "--role", "standalone", "--data-dir", data.toString(), "--http-port", "8067");
  }

  @Test
  void everyAcknowledgedLeaseSurvivesKillNine() throws Exception {
    NodeProcess node = node("node").start().awaitReady(Duration.ofSeconds(30));
    Path acks = lab.dir().resolve("load.acks");
    Process load = lab.start("load", "probe", NodeProcess.java(), "-cp", System.getProperty("java.class.path"),
        LeaseProbe.class.getName(), "198.18.4.2", "198.18.4.20", "5000", acks.toString(), "cc", "25");
    long end = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < end && AckRecord.read(List.of(acks)).size() < 150) {
      Thread.sleep(100);
    }
    assertThat(AckRecord.read(List.of(acks)).size()).as(lab.output("probe") + lab.errors("probe")).isGreaterThanOrEqualTo(150);
    node.kill9(); // mid-load: the probe is still sending
    NetLab.kill(load);
    List<AckRecord> acked = AckRecord.read(List.of(acks));

    NetLab.Result r = lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(), "leases",
        "--data-dir", data.toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<String, String> stored = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^(\\S+)\\s+ACTIVE\\s+01:(\\S+)").matcher(r.out());
    while (m.find()) {
      stored.put(m.group(1), m.group(2));
    }
    for (AckRecord a : acked) {
      assertThat(stored.get(a.address())).as("acknowledged lease %s for %s", a.address(), a.client()).isEqualTo(a.client());
    }

    // the restarted node serves from the recovered store and counts every acknowledged lease
    NodeProcess restarted = node("restarted").start().awaitReady(Duration.ofSeconds(30));
    Matcher active = Pattern.compile("\"active\" : (\\d+)").matcher(restarted.status());
    assertThat(active.find()).isTrue();
    assertThat(Long.parseLong(active.group(1))).isGreaterThanOrEqualTo(acked.size());
  }

  @Test
  void corruptionInTheMiddleOfTheJournalStopsStartUpNamingFileAndOffset() throws Exception {
    NodeProcess node = node("node").start().awaitReady(Duration.ofSeconds(30));
    Path acks = lab.dir().resolve("load.acks");
    NetLab.Result r = lab.exec("load", Duration.ofSeconds(60), NodeProcess.java(), "-cp", System.getProperty("java.class.path"),
        LeaseProbe.class.getName(), "198.18.4.2", "198.18.4.20", "30", acks.toString(), "dd", "30");
    assertThat(r.out()).contains("ACKED 30");
    node.terminate(Duration.ofSeconds(10));
    Path journal;
    try (var files = Files.list(data)) {
      journal = files.filter(p -> p.getFileName().toString().endsWith(".journal")).findFirst().orElseThrow();
    }
    long size = Files.size(journal);
    try (RandomAccessFile f = new RandomAccessFile(journal.toFile(), "rw")) {
      long at = size / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0xff);
    }
    NodeProcess broken = node("broken").start();
    assertThat(broken.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(broken.process().exitValue()).isNotZero();
    assertThat(broken.log()).contains(journal.getFileName().toString()).containsPattern("offset \\d+");
  }
}
