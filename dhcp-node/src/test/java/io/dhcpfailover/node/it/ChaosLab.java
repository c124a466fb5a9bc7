package io.dhcpfailover.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A failover pair to break, on its own segment 198.18.64.0/24 (bridge br0 in namespace lan):
 * primary p (198.18.64.2), secondary s (198.18.64.3), a relay host load (198.18.64.20) for the
 * relay-style client simulators, and two hosts c1, c2 with real {@code dhclient}s. Every DHCPACK a
 * client sees goes to an ACK log. Faults: nftables tables in the nodes' namespaces (one per fault,
 * so faults overlap and heal independently), signals to the node processes (by PID), a wiped data
 * directory, a node restarted under {@code faketime}. {@link #close()} ends every process and
 * namespace, also after a failure.
 */
final class ChaosLab implements AutoCloseable {
  static final String PRIMARY = "198.18.64.2";
  static final String SECONDARY = "198.18.64.3";
  static final String RELAY = "198.18.64.20";
  /** A second relay address on the same host, for a second simulator (each binds port 67). */
  static final String RELAY2 = "198.18.64.21";
  static final int FAILOVER_PORT = 647;
  static final List<String> DHCLIENT_HOSTS = List.of("c1", "c2");

  /** The pair's mode and timers (seconds). */
  record Timers(String mode, int mclt, int leaseTime, int maxResponseDelay) {}

  final NetLab lab;
  final Timers timers;
  private final Path pair;
  private final Path stopFile;
  private final Path dhclientScript;
  private final Map<String, NodeProcess> nodes = new HashMap<>();
  private final List<Path> ackLogs = new ArrayList<>();
  private final List<Process> clients = new ArrayList<>();

  ChaosLab(String name, Timers timers) throws Exception {
    this.timers = timers;
    lab = new NetLab(name);
    try {
      lab.host("lan");
      lab.bridge("lan", "br0");
      for (String h : List.of("p", "s", "load", "c1", "c2")) {
        lab.host(h);
      }
      lab.attach("p", "eth1", "lan", "br0", PRIMARY + "/24");
      lab.attach("s", "eth1", "lan", "br0", SECONDARY + "/24");
      lab.attach("load", "eth0", "lan", "br0", RELAY + "/24");
      lab.addAddress("load", "eth0", RELAY2 + "/24");
      for (String c : DHCLIENT_HOSTS) {
        lab.attach(c, "eth0", "lan", "br0", null);
      }
    } catch (Exception e) {
      lab.close();
      throw e;
    }
    stopFile = lab.dir().resolve("clients.stop");
    pair = lab.dir().resolve("pair.yaml");
    Files.writeString(pair, """
        apiVersion: dhcpfailover.io/v1alpha1
        kind: DhcpFailoverPair
        metadata:
          name: chaos
        spec:
          mode: %s
          mclt: %ds
          maxResponseDelay: %ds
          autoPartnerDown: 0s
          loadBalanceMaxSeconds: 3
          primary:
            address: %s
            interfaces: [eth1]
          secondary:
            address: %s
            interfaces: [eth1]
          subnets:
            - subnet: 198.18.64.0/24
              ranges: ["198.18.64.100-198.18.64.250"]
              leaseTime: %ds
              routers: [198.18.64.1]
        """.formatted(timers.mode(), timers.mclt(), timers.maxResponseDelay(), PRIMARY, SECONDARY,
            timers.leaseTime()));
    dhclientScript = lab.dir().resolve("dhclient-script.sh");
    Files.writeString(dhclientScript, """
        #!/bin/sh
        # sets the leased address in the test namespace and logs each DHCPACK as the client took it
        case "$reason" in
          BOUND|RENEW|REBIND|REBOOT)
            now=$(date +%%s%%3N)
            mac=$(cat "/sys/class/net/$interface/address")
            echo "$new_ip_address $mac $now $((now + new_dhcp_lease_time * 1000)) $new_dhcp_server_identifier" >> "%s"
            ip addr flush dev "$interface" scope global 2>/dev/null
            ip addr add "$new_ip_address/${new_subnet_mask:-255.255.255.0}" dev "$interface"
            ;;
          EXPIRE|FAIL|RELEASE|STOP)
            ip addr flush dev "$interface" scope global 2>/dev/null
            ;;
        esac
        exit 0
        """.formatted(lab.dir().resolve("dhclient.acks")));
    if (!dhclientScript.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + dhclientScript + " executable");
    }
    Path tls;
    try {
      tls = NodeProcess.tlsInit(lab, pair);
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
    for (String role : List.of("primary", "secondary")) {
      nodes.put(role, new NodeProcess(lab, host(role), role, "http://" + address(role) + ":8067", "serve",
          "--pair", pair.toString(), "--role", role, "--data-dir", dataDir(role).toString(),
          "--http-port", "8067", "--tls-dir", tls.resolve(role).toString()));
    }
  }

  static String host(String role) {
    return role.equals("primary") ? "p" : "s";
  }

  static String address(String role) {
    return role.equals("primary") ? PRIMARY : SECONDARY;
  }

  static String partner(String role) {
    return role.equals("primary") ? "secondary" : "primary";
  }

  Path dataDir(String role) {
    return lab.dir().resolve(role + "-data");
  }

  NodeProcess node(String role) {
    return nodes.get(role);
  }

  void startBoth(Duration timeout) throws Exception {
    node("primary").start();
    node("secondary").start();
    node("primary").awaitReady(timeout);
    node("secondary").awaitReady(timeout);
  }

  /** The failover state a node reports, or why there is none. */
  String state(String role) {
    NodeProcess n = node(role);
    if (n.process() == null || !n.process().isAlive()) {
      return "EXITED";
    }
    try {
      Matcher m = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z-]+)\"").matcher(n.status());
      return m.find() ? m.group(1) : "?";
    } catch (IOException e) {
      return "UNREACHABLE";
    }
  }

  // ---- network faults: one nftables table per fault, in the nodes' own namespaces

  void cutLink(String table) throws IOException {
    block("p", table, linkRules(SECONDARY, true));
    block("s", table, linkRules(PRIMARY, true));
  }

  /** Drops what {@code from} sends to its partner on the failover link; the other way still flows. */
  void cutLinkOneWay(String table, String from) throws IOException {
    block(host(partner(from)), table, linkRules(address(from), false));
  }

  void cutClients(String table, String role) throws IOException {
    block(host(role), table, """
        chain in { type filter hook input priority 0; policy accept; udp dport 67 drop; }
        chain out { type filter hook output priority 0; policy accept; udp sport 67 drop; }
        """);
  }

  private static String linkRules(String peer, boolean bothWays) {
    String in = "ip saddr %1$s tcp dport %2$d drop; ip saddr %1$s tcp sport %2$d drop;".formatted(peer, FAILOVER_PORT);
    String out = "ip daddr %1$s tcp dport %2$d drop; ip daddr %1$s tcp sport %2$d drop;".formatted(peer, FAILOVER_PORT);
    return "chain in { type filter hook input priority 0; policy accept; " + in + " }\n"
        + (bothWays ? "chain out { type filter hook output priority 0; policy accept; " + out + " }\n" : "");
  }

  private void block(String host, String table, String chains) throws IOException {
    Path file = lab.dir().resolve(host + "-" + table + ".nft");
    Files.writeString(file, "table inet " + table + " {\n" + chains + "}\n");
    NetLab.Result r = lab.exec(host, Duration.ofSeconds(10), "nft", "-f", file.toString());
    if (r.exitCode() != 0) {
      throw new IOException("nft in " + host + ": " + r.err());
    }
  }

  /** Removes table {@code table} from both nodes' namespaces, whether or not it is there. */
  void unblock(String table) throws IOException {
    for (String host : List.of("p", "s")) {
      Path file = lab.dir().resolve(host + "-" + table + "-delete.nft");
      Files.writeString(file, "table inet " + table + " {}\ndelete table inet " + table + "\n");
      NetLab.Result r = lab.exec(host, Duration.ofSeconds(10), "nft", "-f", file.toString());
      if (r.exitCode() != 0) {
        throw new IOException("nft in " + host + ": " + r.err());
      }
    }
  }

  /** Deletes every nftables table in both nodes' namespaces (the lab's own namespaces). */
  void unblockAll() throws IOException {
    for (String host : List.of("p", "s")) {
      lab.exec(host, Duration.ofSeconds(10), "nft", "flush", "ruleset");
    }
  }

  // ---- process faults, by PID: the node process and what it runs under (faketime)

  void kill(String role) {
    signalAndWait(node(role).process(), "KILL", Duration.ofSeconds(10));
  }

  /** SIGTERM, then SIGKILL after {@code grace}; returns once every process of the node is gone. */
  void terminate(String role, Duration grace) {
    Process p = node(role).process();
    if (!signalAndWait(p, "TERM", grace)) {
      signalAndWait(p, "KILL", Duration.ofSeconds(10));
    }
  }

  void pause(String role) throws IOException {
    signal(node(role).process(), "STOP");
  }

  void resume(String role) throws IOException {
    signal(node(role).process(), "CONT");
  }

  void wipe(String role) throws IOException {
    Path dir = dataDir(role);
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  /** Starts the node again (not waiting for it), its clock {@code offsetSeconds} off when nonzero. */
  void restart(String role, int offsetSeconds) throws IOException {
    NodeProcess n = node(role);
    if (offsetSeconds == 0) {
      n.prefix();
    } else {
      // (FAKETIME_DONT_FAKE_MONOTONIC=1 would slow the JVM's start-up tenfold here)
      n.prefix("faketime", "-f", String.format("%+ds", offsetSeconds));
    }
    n.start();
  }

  private boolean signalAndWait(Process p, String signal, Duration timeout) {
    if (p == null || !p.isAlive()) {
      return true;
    }
    List<ProcessHandle> all = tree(p);
    try {
      signal(p, signal);
    } catch (IOException e) {
      return false;
    }
    long end = System.nanoTime() + timeout.toNanos();
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        return false;
      }
    }
    return true;
  }

  private static List<ProcessHandle> tree(Process p) {
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    all.add(p.toHandle());
    return all;
  }

  private void signal(Process p, String signal) throws IOException {
    if (p == null) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
    tree(p).stream().filter(ProcessHandle::isAlive).forEach(h -> cmd.add(Long.toString(h.pid())));
    if (cmd.size() > 2) {
      lab.run(Duration.ofSeconds(5), cmd);
    }
  }

  // ---- clients

  /** A relay-style client simulator ({@link ServiceProbe}) on the relay host, sending to both nodes. */
  Process startProbe(String name, String relay, int count, long intervalMs, long seconds, String macByte)
      throws IOException {
    Path acks = lab.dir().resolve(name + ".acks");
    ackLogs.add(acks);
    Process p = lab.start("load", name, NodeProcess.java(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        ServiceProbe.class.getName(), PRIMARY + "," + SECONDARY, relay, Integer.toString(count),
        Long.toString(intervalMs), Long.toString(seconds), acks.toString(), stopFile.toString(), macByte);
    clients.add(p);
    return p;
  }

  /** A real dhclient on each client host, in the foreground, renewing as it likes. */
  void startDhclients() throws IOException {
    Path conf = lab.dir().resolve("dhclient.conf");
    Files.writeString(conf, "timeout 20;\nretry 2;\ninitial-interval 1;\nbackoff-cutoff 4;\n");
    ackLogs.add(lab.dir().resolve("dhclient.acks"));
    for (String c : DHCLIENT_HOSTS) {
      clients.add(lab.start(c, "dhclient-" + c, "dhclient", "-4", "-d", "-v",
          "-sf", dhclientScript.toString(), "-cf", conf.toString(),
          "-lf", lab.dir().resolve(c + ".leases").toString(), "-pf", lab.dir().resolve(c + ".pid").toString(),
          "eth0"));
    }
  }

  /** Stops every client (the simulators at their next turn, the dhclients by PID) and waits. */
  void stopClients() throws IOException, InterruptedException {
    Files.writeString(stopFile, "stop");
    for (Process p : clients) {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        NetLab.kill(p);
      }
    }
    clients.clear();
  }

  /** Every DHCPACK the clients saw so far. */
  List<AckRecord> acks() throws IOException {
    return AckRecord.read(ackLogs);
  }

  /** The ACTIVE bindings in a node's store (address to hardware address), read while it runs. */
  Map<String, String> activeLeases(String role) throws IOException {
    NetLab.Result r = lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-Xmx128m", "-jar",
        NodeProcess.jar(), "leases", "--data-dir", dataDir(role).toString()));
    Map<String, String> m = new HashMap<>();
    Matcher x = Pattern.compile("(?m)^(\\S+)\\s+ACTIVE\\s+01:(\\S+)").matcher(r.out());
    while (x.find()) {
      m.put(x.group(1), x.group(2));
    }
    return m;
  }

  String log(String role) {
    try {
      return node(role).log();
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      Files.writeString(stopFile, "stop");
    } catch (IOException ignored) {
      // the lab's directory is gone: nothing to stop by file
    }
    for (String role : List.of("primary", "secondary")) {
      Process p = node(role) == null ? null : node(role).process();
      if (p != null && p.isAlive()) {
        signalAndWait(p, "CONT", Duration.ofSeconds(1));
        terminate(role, Duration.ofSeconds(5));
      }
    }
    lab.close();
  }
}
