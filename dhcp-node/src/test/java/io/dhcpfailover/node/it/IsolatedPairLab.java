package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failover pair on its own segment 198.18.60.0/24, for tests that break things: primary p
 * (198.18.60.2), secondary s (198.18.60.3), a load host (198.18.60.20) acting as a relay for
 * {@link LeaseProbe}, all on the bridge of a lan namespace. Either node host may instead hold a
 * test process that plays the partner. {@link #cutFailoverLink()} drops the failover TCP traffic
 * (port 647) between p and s with nftables inside their namespaces; DHCP still flows.
 */
final class IsolatedPairLab implements AutoCloseable {
  static final String PRIMARY = "198.18.60.2";
  static final String SECONDARY = "198.18.60.3";
  static final String LOAD = "198.18.60.20";
  static final String BOTH = PRIMARY + "," + SECONDARY;
  static final String RELATIONSHIP = "it-fenced";
  static final int FAILOVER_PORT = 647;

  final NetLab lab;
  final Path pair;
  final List<Path> ackLogs = new ArrayList<>();
  /** The nodes' TLS directories ({@code tls init}): {@code tls/primary}, {@code tls/secondary}. */
  final Path tls;
  NodeProcess primary;
  NodeProcess secondary;
  private int probes;

  IsolatedPairLab(String name, String mode, String mclt, String autoPartnerDown) throws Exception {
    this(name, mode, mclt, autoPartnerDown, "10m");
  }

  IsolatedPairLab(String name, String mode, String mclt, String autoPartnerDown, String leaseTime) throws Exception {
    lab = new NetLab(name);
    try {
      lab.host("lan");
      lab.bridge("lan", "br0");
      for (String h : List.of("p", "s", "load")) {
        lab.host(h);
      }
      lab.attach("p", "eth1", "lan", "br0", PRIMARY + "/24");
      lab.attach("s", "eth1", "lan", "br0", SECONDARY + "/24");
      lab.attach("load", "eth0", "lan", "br0", LOAD + "/24");
    } catch (Exception e) {
      lab.close();
      throw e;
    }
    pair = lab.dir().resolve("pair.yaml");
    Files.writeString(pair, """
        apiVersion: dhcpfailover.io/v1alpha1
        kind: DhcpFailoverPair
        metadata:
          name: %s
        spec:
          mode: %s
          mclt: %s
          maxResponseDelay: 5s
          autoPartnerDown: %s
          loadBalanceMaxSeconds: 3
          primary:
            address: %s
            interfaces: [eth1]
          secondary:
            address: %s
            interfaces: [eth1]
          subnets:
            - subnet: 198.18.60.0/24
              ranges: ["198.18.60.100-198.18.60.250"]
              leaseTime: %s
              routers: [198.18.60.1]
        """.formatted(RELATIONSHIP, mode, mclt, autoPartnerDown, PRIMARY, SECONDARY, leaseTime));
    try {
      tls = NodeProcess.tlsInit(lab, pair);
    } catch (Exception e) {
      lab.close();
      throw e;
    }
  }

  static String address(String role) {
    return role.equals("primary") ? PRIMARY : SECONDARY;
  }

  static String host(String role) {
    return role.equals("primary") ? "p" : "s";
  }

  NodeProcess node(String role) {
    return new NodeProcess(lab, host(role), role, "http://" + address(role) + ":8067", "serve", "--pair",
        pair.toString(), "--role", role, "--data-dir", dataDir(role).toString(), "--http-port", "8067",
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

  /** Drops every failover TCP segment between p and s, in both namespaces and both directions. */
  void cutFailoverLink() throws Exception {
    nft("p", SECONDARY);
    nft("s", PRIMARY);
  }

  /** Removes what {@link #cutFailoverLink()} added. */
  void healFailoverLink() throws Exception {
    for (String h : List.of("p", "s")) {
      NetLab.Result r = lab.exec(h, Duration.ofSeconds(10), "nft", "delete", "table", "inet", "fence");
      assertThat(r.exitCode()).as(r.err()).isZero();
    }
  }

  private void nft(String host, String peer) throws Exception {
    String rules = """
        table inet fence {
          chain in {
            type filter hook input priority 0; policy accept;
            ip saddr %1$s tcp dport %2$d drop
            ip saddr %1$s tcp sport %2$d drop
          }
          chain out {
            type filter hook output priority 0; policy accept;
            ip daddr %1$s tcp dport %2$d drop
            ip daddr %1$s tcp sport %2$d drop
          }
        }
        """.formatted(peer, FAILOVER_PORT);
    Path file = lab.dir().resolve("fence-" + host + ".nft");
    Files.writeString(file, rules);
    NetLab.Result r = lab.exec(host, Duration.ofSeconds(10), "nft", "-f", file.toString());
    assertThat(r.exitCode()).as("nft in %s: %s", host, r.err()).isZero();
  }

  static String state(NodeProcess n) {
    return PairLab.state(n);
  }

  static long awaitState(NodeProcess n, String state, Duration timeout) throws Exception {
    return PairLab.awaitState(n, state, timeout);
  }

  /** Runs the probe: {@code count} new clients with MAC byte {@code mac}; returns its ACK log. */
  Path probe(int count, String mac, String servers) throws Exception {
    Path acks = nextAckLog();
    NetLab.Result r = lab.exec("load", Duration.ofSeconds(120), NodeProcess.java(), "-cp",
        System.getProperty("java.class.path"), LeaseProbe.class.getName(), servers, LOAD,
        String.valueOf(count), acks.toString(), mac, "60");
    assertThat(r.out()).as(r.out() + r.err()).contains("ACKED " + count);
    return acks;
  }

  /** Renews every lease in {@code leases}; returns the new ACK log. */
  Path renew(Path leases, String servers) throws Exception {
    Path acks = nextAckLog();
    NetLab.Result r = lab.exec("load", Duration.ofSeconds(120), NodeProcess.java(), "-cp",
        System.getProperty("java.class.path"), LeaseProbe.class.getName(), servers, LOAD, "0",
        acks.toString(), "00", "60", leases.toString());
    assertThat(r.out()).as(r.err()).contains("RENEWED");
    return acks;
  }

  private Path nextAckLog() {
    Path acks = lab.dir().resolve("acks-" + (++probes));
    ackLogs.add(acks);
    return acks;
  }

  /** Every address in a node's store with its binding state (FREE and BACKUP included). */
  Map<String, String> states(String role) throws Exception {
    NetLab.Result r = lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(), "leases",
        "--all", "--data-dir", dataDir(role).toString()));
    Map<String, String> m = new HashMap<>();
    Matcher x = Pattern.compile("(?m)^(\\d+\\.\\d+\\.\\d+\\.\\d+)\\s+([A-Z]+)\\s").matcher(r.out());
    while (x.find()) {
      m.put(x.group(1), x.group(2));
    }
    return m;
  }

  /** The ACTIVE bindings in a node's store: address to hardware address. */
  Map<String, String> activeLeases(String role) throws Exception {
    NetLab.Result r = lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(), "leases",
        "--data-dir", dataDir(role).toString()));
    Map<String, String> m = new HashMap<>();
    Matcher x = Pattern.compile("(?m)^(\\S+)\\s+ACTIVE\\s+01:(\\S+)").matcher(r.out());
    while (x.find()) {
      m.put(x.group(1), x.group(2));
    }
    return m;
  }

  /** Waits (bounded) until {@code role}'s store holds every binding in {@code acks} as ACTIVE. */
  void awaitReplicated(String role, List<AckRecord> acks, Duration timeout) throws Exception {
    long end = System.currentTimeMillis() + timeout.toMillis();
    Map<String, String> stored = Map.of();
    while (System.currentTimeMillis() < end) {
      stored = activeLeases(role);
      Map<String, String> s = stored;
      if (acks.stream().allMatch(a -> a.client().equals(s.get(a.address())))) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(role + " lacks bindings: acked " + acks + "\nstored " + stored);
  }

  /**
   * Waits (bounded) until {@code role}'s store has a binding, in any state, of every client in
   * {@code acks} to its acked address: the update arrived, whether or not the short lease has run
   * out since.
   */
  void awaitKnown(String role, List<AckRecord> acks, Duration timeout) throws Exception {
    long end = System.currentTimeMillis() + timeout.toMillis();
    Map<String, String> stored = Map.of();
    while (System.currentTimeMillis() < end) {
      NetLab.Result r = lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(),
          "leases", "--all", "--data-dir", dataDir(role).toString()));
      Map<String, String> m = new HashMap<>();
      Matcher x = Pattern.compile("(?m)^(\\S+)\\s+[A-Z]+\\s+01:(\\S+)").matcher(r.out());
      while (x.find()) {
        m.put(x.group(1), x.group(2));
      }
      stored = m;
      if (acks.stream().allMatch(a -> a.client().equals(m.get(a.address())))) {
        return;
      }
      Thread.sleep(500);
    }
    Map<String, String> s = stored;
    throw new AssertionError(role + " lacks bindings: "
        + acks.stream().filter(a -> !a.client().equals(s.get(a.address()))).toList() + "\nstored " + stored);
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
