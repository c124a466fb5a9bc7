package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failover pair on one segment, for tests: primary p (198.18.20.2) and secondary s
 * (198.18.20.3) in their own namespaces, a load host (198.18.20.20) that acts as a relay for
 * {@link LeaseProbe}, all on the bridge of a lan namespace.
 */
final class PairLab implements AutoCloseable {
  static final String PRIMARY = "198.18.20.2";
  static final String SECONDARY = "198.18.20.3";
  static final String LOAD = "198.18.20.20";

  final NetLab lab;
  final Path pair;
  final List<Path> ackLogs = new ArrayList<>();
  /** The nodes' TLS directories ({@code tls init}): {@code tls/primary}, {@code tls/secondary}. */
  final Path tls;
  NodeProcess primary;
  NodeProcess secondary;
  private int probes;

  PairLab(String name, String mode, String mclt) throws Exception {
    lab = new NetLab(name);
    lab.host("lan");
    lab.bridge("lan", "br0");
    for (String h : List.of("p", "s", "load")) {
      lab.host(h);
    }
    lab.attach("p", "eth1", "lan", "br0", PRIMARY + "/24");
    lab.attach("s", "eth1", "lan", "br0", SECONDARY + "/24");
    lab.attach("load", "eth0", "lan", "br0", LOAD + "/24");
    pair = lab.dir().resolve("pair.yaml");
    Files.writeString(pair, """
        apiVersion: dhcpfailover.io/v1alpha1
        kind: DhcpFailoverPair
        metadata:
          name: it-pair
        spec:
          mode: %s
          mclt: %s
          maxResponseDelay: 5s
          loadBalanceMaxSeconds: 3
          primary:
            address: 198.18.20.2
            interfaces: [eth1]
          secondary:
            address: 198.18.20.3
            interfaces: [eth1]
          subnets:
            - subnet: 198.18.20.0/24
              ranges: ["198.18.20.100-198.18.20.250"]
              leaseTime: 10m
              routers: [198.18.20.1]
        """.formatted(mode, mclt));
    try {
      tls = NodeProcess.tlsInit(lab, pair);
    } catch (Exception e) {
      lab.close();
      throw e;
    }
  }

  NodeProcess node(String role) {
    String host = role.equals("primary") ? "p" : "s";
    String address = role.equals("primary") ? PRIMARY : SECONDARY;
    return new NodeProcess(lab, host, role, "http://" + address + ":8067", "serve", "--pair", pair.toString(),
        "--role", role, "--data-dir", lab.dir().resolve(role + "-data").toString(), "--http-port", "8067",
        "--tls-dir", tls.resolve(role).toString());
  }

  Path dataDir(String role) {
    return lab.dir().resolve(role + "-data");
  }

  void startBoth() throws Exception {
    primary = node("primary").start();
    secondary = node("secondary").start();
    primary.awaitStarted(Duration.ofSeconds(30));
    secondary.awaitStarted(Duration.ofSeconds(30));
  }

  static String state(NodeProcess n) {
    try {
      Matcher m = Pattern.compile("\"state\" : \"([A-Z-]+)\"").matcher(n.status());
      return m.find() ? m.group(1) : "?";
    } catch (Exception e) {
      return "unreachable";
    }
  }

  /** Waits (bounded) until {@code n} reports {@code state}; returns the milliseconds it took. */
  static long awaitState(NodeProcess n, String state, Duration timeout) throws Exception {
    long start = System.currentTimeMillis();
    long end = start + timeout.toMillis();
    String last = "";
    while (System.currentTimeMillis() < end) {
      last = state(n);
      if (last.equals(state)) {
        return System.currentTimeMillis() - start;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("node never reached " + state + " (last " + last + "):\n" + n.log());
  }

  /** Runs the probe: {@code count} new clients with MAC byte {@code mac}; returns its ACK log. */
  Path probe(int count, String mac, String servers) throws Exception {
    Path acks = lab.dir().resolve("acks-" + (++probes));
    ackLogs.add(acks);
    NetLab.Result r = lab.exec("load", Duration.ofSeconds(120), NodeProcess.java(), "-cp",
        System.getProperty("java.class.path"), LeaseProbe.class.getName(), servers, LOAD,
        String.valueOf(count), acks.toString(), mac, "60");
    assertThat(r.out()).as(r.err()).contains("ACKED " + count);
    return acks;
  }

  /** Renews every lease in {@code leases}; returns the new ACK log. */
  Path renew(Path leases, String servers) throws Exception {
    Path acks = lab.dir().resolve("acks-" + (++probes));
    ackLogs.add(acks);
    NetLab.Result r = lab.exec("load", Duration.ofSeconds(120), NodeProcess.java(), "-cp",
        System.getProperty("java.class.path"), LeaseProbe.class.getName(), servers, LOAD, "0",
        acks.toString(), "00", "60", leases.toString());
    assertThat(r.out()).as(r.err()).contains("RENEWED");
    return acks;
  }

  /** The ACTIVE bindings in a node's store: address to hardware address. */
  java.util.Map<String, String> activeLeases(String role) throws Exception {
    NetLab.Result r = lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(), "leases",
        "--data-dir", dataDir(role).toString()));
    java.util.Map<String, String> m = new java.util.HashMap<>();
    Matcher x = Pattern.compile("(?m)^(\\S+)\\s+ACTIVE\\s+01:(\\S+)").matcher(r.out());
    while (x.find()) {
      m.put(x.group(1), x.group(2));
    }
    return m;
  }

  /** Every binding that names a client, in any state: address to hardware address. */
  java.util.Map<String, String> bindings(String role) throws Exception {
    NetLab.Result r = lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(), "leases",
        "--all", "--data-dir", dataDir(role).toString()));
    java.util.Map<String, String> m = new java.util.HashMap<>();
    Matcher x = Pattern.compile("(?m)^(\\S+)\\s+[A-Z]+\\s+01:(\\S+)").matcher(r.out());
    while (x.find()) {
      m.put(x.group(1), x.group(2));
    }
    return m;
  }

  /** No address was ever leased to two clients at overlapping times, in any ACK seen. */
  void assertNoDuplicateAddresses() throws Exception {
    List<AckRecord> all = AckRecord.read(ackLogs);
    assertThat(DuplicateAddressChecker.overlaps(all)).as("%d ACKs checked", all.size()).isEmpty();
  }

  @Override
  public void close() {
    for (NodeProcess n : new NodeProcess[] {primary, secondary}) {
      if (n != null && n.process() != null && n.process().isAlive()) {
        n.terminate(Duration.ofSeconds(5));
      }
    }
    lab.close();
  }
}
