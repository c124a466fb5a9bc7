package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps {@link MigrationIT} and {@link KeaMigrationIT} share: real {@code dhclient}s taking
 * leases, and a node started from the imported files that every one of them renews with, keeping
 * its address, while a new client gets another.
 */
final class MigrationChecks {
  private MigrationChecks() {}

  /**
   * The segment both tests use: the server on eth1 (198.18.0.2/24) and clients c1 to c4 on one
   * bridge, c3 with the hardware address {@code c3Mac} (the reservation's).
   */
  static void segment(NetLab lab, String c3Mac) throws Exception {
    for (String h : List.of("lan", "srv", "c1", "c2", "c3", "c4")) {
      lab.host(h);
    }
    lab.bridge("lan", "br0");
    lab.attach("srv", "eth1", "lan", "br0", "198.18.0.2/24");
    for (String c : List.of("c1", "c2", "c3", "c4")) {
      lab.attach(c, "eth0", "lan", "br0", null);
    }
    lab.exec("c3", Duration.ofSeconds(5), "ip", "link", "set", "dev", "eth0", "address", c3Mac);
  }

  /**
   * Runs {@code dhcp-node import KIND} on the stopped server's files into {@code out}; checks that
   * it succeeded and that the store then holds {@code active} as ACTIVE bindings.
   */
  static NetLab.Result importFiles(NetLab lab, String kind, Path conf, Path leases, Path out,
      Iterable<String> active) throws Exception {
    NetLab.Result imported =
        lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(),
            "import", kind, "--conf", conf.toString(), "--leases", leases.toString(),
            "--out", out.toString(), "--name", "migrated", "--address", "198.18.0.2",
            "--secondary-address", "198.18.0.3", "--interface", "eth1"));
    assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
    NetLab.Result stored = lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar",
        NodeProcess.jar(), "leases", "--data-dir", out.resolve("data").toString()));
    for (String address : active) {
      assertThat(stored.out()).containsPattern(Pattern.quote(address) + "\\s+ACTIVE");
    }
    return imported;
  }

  /** The project's dhclient script, copied into the lab. */
  static Path dhclientScript(NetLab lab) throws Exception {
    return Dhclients.script(lab);
  }

  /** Runs dhclient once in {@code host} (it stays in the background once bound); its log. */
  static String dhclient(NetLab lab, String host, Path script) throws Exception {
    Path conf = lab.dir().resolve(host + ".conf");
    Files.writeString(conf, "");
    NetLab.Result r = lab.exec(host, Duration.ofSeconds(60), "dhclient", "-4", "-v", "-1", "-sf", script.toString(),
        "-cf", conf.toString(), "-lf", lab.dir().resolve(host + ".leases").toString(),
        "-pf", lab.dir().resolve(host + ".pid").toString(), "eth0");
    return r.out() + r.err();
  }

  /** The address a dhclient log last says it is bound to, or null. */
  static String boundAddress(String dhclientLog) {
    return last(Pattern.compile("bound to (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(dhclientLog));
  }

  /** How many leases each client's lease file holds now. */
  static Map<String, Integer> leasesWritten(NetLab lab, Iterable<String> clients) throws Exception {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (String c : clients) {
      seen.put(c, count(Files.readString(lab.dir().resolve(c + ".leases")), "lease {"));
    }
    return seen;
  }

  /** A standalone node on 198.18.0.2 in {@code srv}, serving from what was imported into {@code out}. */
  static NodeProcess serveImported(NetLab lab, Path out) throws Exception {
    return new NodeProcess(lab, "srv", "node", "http://198.18.0.2:8067",
            "serve", "--pair", out.resolve("pair.yaml").toString(), "--role", "standalone",
            "--data-dir", out.resolve("data").toString(), "--http-port", "8067")
        .start()
        .awaitReady(Duration.ofSeconds(30));
  }

  /**
   * Every running dhclient renews with the node (T1 is 30 s of a 60 s lease) and keeps its
   * address; the node acknowledged and never refused.
   */
  static void everyClientRenews(NetLab lab, NodeProcess node, Map<String, String> before,
      Map<String, Integer> leasesBefore) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    for (String c : before.keySet()) {
      Path file = lab.dir().resolve(c + ".leases");
      while (System.currentTimeMillis() < deadline
          && count(Files.readString(file), "lease {") <= leasesBefore.get(c)) {
        Thread.sleep(500);
      }
      String text = Files.readString(file);
      assertThat(count(text, "lease {")).as(c + " renewed with the node:\n" + text + node.log())
          .isGreaterThan(leasesBefore.get(c));
      assertThat(last(Pattern.compile("fixed-address (\\S+);").matcher(text)))
          .as(c + "'s address after the renewal").isEqualTo(before.get(c));
    }
    String metrics = node.metrics();
    assertThat(metrics).containsPattern("dhcp_packets_out_total\\{type=\"ack\"} [3-9]");
    assertThat(metrics).doesNotContainPattern("dhcp_packets_out_total\\{type=\"nak\"} [1-9]");
  }

  /** A new client gets an address none of the migrated clients holds. */
  static void aNewClientGetsAnotherAddress(NetLab lab, String host, Path script,
      Map<String, String> before) throws Exception {
    String fresh = boundAddress(dhclient(lab, host, script));
    assertThat(fresh).startsWith("198.18.0.").isNotIn(before.values());
  }

  private static String last(Matcher m) {
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
