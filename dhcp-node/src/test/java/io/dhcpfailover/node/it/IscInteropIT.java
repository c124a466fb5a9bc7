package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node paired with ISC dhcpd 4.4.x (digest §I, §J), once with dhcpd as primary and once as
 * secondary: both reach NORMAL, each side's leases reach the other's store, and each side keeps
 * serving when the other is killed with SIGKILL. Relayed clients ({@link LeaseProbe}) record every
 * ACK; the duplicate-address checker reads them all at the end.
 */
class IscInteropIT {
  static final String NODE = "198.18.50.2";
  static final String ISC = "198.18.50.3";
  static final String LOAD = "198.18.50.20";
  static final String BOTH = NODE + "," + ISC;
  static final String RELATIONSHIP = "interop-pair";
  static final long MCLT = 30;
  static final long MAX_RESPONSE_DELAY = 10;

  @BeforeEach
  void needsNamespacesAndDhcpd() {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    Requirements.require(IscPeer.installed(), "ISC dhcpd at " + IscPeer.DHCPD + " (apt-get install isc-dhcp-server)");
  }

  @Test
  void iscPrimaryWithNodeSecondary() throws Exception {
    scenario(true);
  }

  @Test
  void nodePrimaryWithIscSecondary() throws Exception {
    scenario(false);
  }

  @Test
  void nodeThatLostItsStoreRecoversEveryBindingFromIsc() throws Exception {
    try (Lab l = new Lab("iscrec", true)) {
      l.isc.start();
      l.node.start().awaitStarted(Duration.ofSeconds(30));
      l.awaitBothNormal(0);
      Path first = l.probe(10, "e5");
      l.awaitInNode(first);
      l.awaitInIsc(first);
      // renewed past a quarter of the first (MCLT) lease, so that they outlast the recovery
      Thread.sleep(MCLT * 1000 / 4 + 2000);
      Path leases = l.renew(first);
      assertThat(AckRecord.read(List.of(leases))).hasSize(10).allMatch(a -> a.endMs() - a.startMs() > 2 * MCLT * 1000);
      l.awaitAllInNode(leases);

      // the node comes back empty: RECOVER (dhcpd answers it with PARTNER-DOWN, digest §J.15),
      // UPDREQALL, every binding from dhcpd, RECOVER-WAIT until MCLT has passed, NORMAL
      l.node.kill9();
      l.isc.awaitLog("I move from normal to communications-interrupted", Duration.ofSeconds(2 * MAX_RESPONSE_DELAY + 5));
      try (var files = Files.walk(l.dataDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
      int mark = l.isc.mark();
      l.node.start().awaitStarted(Duration.ofSeconds(30));
      l.awaitBothNormal(mark);
      l.awaitAllInNode(leases);
      assertThat(l.nodeLogs()).contains("RECOVER");
      l.assertNoRejectedUpdates();
      l.assertNoDuplicateAddresses();
    }
  }

  @Test
  void releasesAndDeclinesReachThePartnerBothWays() throws Exception {
    try (Lab l = new Lab("iscrel", false)) {
      l.isc.start();
      l.node.start().awaitStarted(Duration.ofSeconds(30));
      l.awaitBothNormal(0);
      Thread.sleep(3000); // pool balancing (digest §G)

      // leases from both sides (split 128), known to both
      Path given = l.probe(12, "e6");
      List<AckRecord> acks = AckRecord.read(List.of(given));
      assertThat(acks).anyMatch(a -> a.server().equals(NODE)).anyMatch(a -> a.server().equals(ISC));
      l.awaitInNode(given);
      l.awaitInIsc(given);

      // each client releases to the server that leased: the other side hears of it too
      assertThat(l.giveBack(given, "release")).contains("RELEASED 12");
      l.awaitStates(acks, Set.of("FREE", "RELEASED", "BACKUP"), Set.of("free", "released", "backup"));

      // declined addresses: one dhcpd leased is abandoned on both sides; one the node leased is
      // abandoned in the node, and dhcpd (secondary) answers the node's ABANDONED with FREE, which
      // the node refuses (digest §F.2.7: a primary's pending update wins); either way nobody hands
      // a declined address out again
      Path declined = l.probe(6, "e7");
      List<AckRecord> declines = AckRecord.read(List.of(declined));
      assertThat(declines).anyMatch(a -> a.server().equals(NODE)).anyMatch(a -> a.server().equals(ISC));
      l.awaitInNode(declined);
      l.awaitInIsc(declined);
      assertThat(l.giveBack(declined, "decline")).contains("DECLINED 6");
      l.awaitStates(declines.stream().filter(a -> a.server().equals(ISC)).toList(),
          Set.of("ABANDONED"), Set.of("abandoned"));
      l.awaitStates(declines.stream().filter(a -> a.server().equals(NODE)).toList(),
          Set.of("ABANDONED"), Set.of("abandoned", "free"));
      Set<String> declinedAddresses = new java.util.HashSet<>();
      declines.forEach(a -> declinedAddresses.add(a.address()));
      Path after = l.probe(30, "e8");
      assertThat(AckRecord.read(List.of(after))).hasSize(30)
          .noneMatch(a -> declinedAddresses.contains(a.address()));

      l.assertNoRejectedUpdates();
      l.assertNoDuplicateAddresses();
    }
  }

  private void scenario(boolean iscPrimary) throws Exception {
    try (Lab l = new Lab(iscPrimary ? "iscpri" : "iscsec", iscPrimary)) {
      l.isc.start();
      l.node.start().awaitStarted(Duration.ofSeconds(30));
      l.awaitBothNormal(0);
      Thread.sleep(3000); // the primary hands the secondary its half of the pool (digest §G)

      // NORMAL: split 128 divides new clients between the two; each side's leases reach the other
      Path first = l.probe(20, "e1");
      List<AckRecord> acks = AckRecord.read(List.of(first));
      assertThat(acks).as("load balanced between both").anyMatch(a -> a.server().equals(NODE))
          .anyMatch(a -> a.server().equals(ISC));
      l.awaitInNode(first);
      l.awaitInIsc(first);
      // both use the same hash and bit meaning (digest §H): dhcpd left exactly the node's clients
      for (AckRecord a : acks) {
        boolean deferred = l.isc.log().contains("DHCPDISCOVER from " + a.client() + " via " + LOAD
            + ": load balance to peer");
        assertThat(deferred).as("dhcpd deferred %s to the node", a.client()).isEqualTo(a.server().equals(NODE));
      }

      // renewals relayed to both: both may answer (dhcpd often first, re-sending the unaltered
      // lease when it is young), which makes dueling updates (digest §F.2.7)
      Path renewed = l.renew(first);
      assertThat(AckRecord.read(List.of(renewed))).hasSize(20)
          .allMatch(a -> a.endMs() - a.startMs() <= 600_000 + 1000);
      l.awaitInNode(renewed);
      l.awaitInIsc(renewed);

      // short first leases (MCLT) run out: EXPIRED goes both ways and neither keeps them ACTIVE
      Path expiring = l.probe(6, "e4");
      l.awaitExpired(expiring, Duration.ofSeconds(MCLT + 40));
      l.assertNoRejectedUpdates();

      // dhcpd killed: the node notices at once (TCP closed) and serves every new client alone
      l.isc.kill9();
      PairLab.awaitState(l.node, "COMMUNICATIONS-INTERRUPTED", Duration.ofSeconds(2 * MAX_RESPONSE_DELAY + 5));
      Path alone = l.probe(5, "e2");
      assertThat(AckRecord.read(List.of(alone))).hasSize(5).allMatch(a -> a.server().equals(NODE));

      // dhcpd back (its lease file says normal): both NORMAL, and it learns what the node did alone
      l.isc.start();
      l.awaitBothNormal(0);
      l.awaitInIsc(alone);

      // the node killed: dhcpd moves to communications-interrupted and serves every new client
      l.node.kill9();
      l.isc.awaitLog("I move from normal to communications-interrupted", Duration.ofSeconds(2 * MAX_RESPONSE_DELAY + 5));
      Path iscAlone = l.probe(5, "e3");
      assertThat(AckRecord.read(List.of(iscAlone))).hasSize(5).allMatch(a -> a.server().equals(ISC));

      // the node back with its store: both NORMAL, and it learns what dhcpd did alone
      int mark = l.isc.mark();
      l.node.start().awaitStarted(Duration.ofSeconds(30));
      l.awaitBothNormal(mark);
      l.awaitInNode(iscAlone);

      l.assertNoRejectedUpdates();
      l.assertNoDuplicateAddresses();
    }
  }

  /** The node at .2, dhcpd at .3 and a relay-style load host at .20, on one bridge. */
  private static final class Lab implements AutoCloseable {
    final NetLab lab;
    final IscPeer isc;
    final NodeProcess node;
    final Path dataDir;
    final List<Path> ackLogs = new ArrayList<>();
    private int probes;

    Lab(String name, boolean iscPrimary) throws Exception {
      lab = new NetLab(name);
      try {
        lab.host("lan");
        lab.bridge("lan", "br0");
        for (String h : List.of("node", "isc", "load")) {
          lab.host(h);
        }
        lab.attach("node", "eth1", "lan", "br0", NODE + "/24");
        lab.attach("isc", "eth1", "lan", "br0", ISC + "/24");
        lab.attach("load", "eth0", "lan", "br0", LOAD + "/24");
        isc = new IscPeer(lab, "isc", "eth1", iscPrimary, RELATIONSHIP, ISC, NODE, "198.18.50.0",
            "198.18.50.100", "198.18.50.199", MCLT, MAX_RESPONSE_DELAY);
        String primary = iscPrimary ? ISC : NODE;
        String secondary = iscPrimary ? NODE : ISC;
        Path pair = lab.dir().resolve("pair.yaml");
        Files.writeString(pair, """
            apiVersion: dhcpfailover.io/v1alpha1
            kind: DhcpFailoverPair
            metadata:
              name: %s
            spec:
              mode: LoadBalance
              split: 128
              mclt: %ds
              maxResponseDelay: %ds
              loadBalanceMaxSeconds: 3
              failoverPort: 647
              # ISC dhcpd speaks the failover protocol over plain TCP only
              peerTLS: Disabled
              primary:
                address: %s
                interfaces: [eth1]
              secondary:
                address: %s
                interfaces: [eth1]
              subnets:
                - subnet: 198.18.50.0/24
                  ranges: ["198.18.50.100-198.18.50.199"]
                  leaseTime: 10m
                  routers: [198.18.50.1]
            """.formatted(RELATIONSHIP, MCLT, MAX_RESPONSE_DELAY, primary, secondary));
        String role = iscPrimary ? "secondary" : "primary";
        dataDir = lab.dir().resolve("node-data");
        node = new NodeProcess(lab, "node", "node", "http://" + NODE + ":8067", "serve", "--pair", pair.toString(),
            "--role", role, "--data-dir", dataDir.toString(), "--http-port", "8067");
      } catch (Exception e) {
        lab.close();
        throw e;
      }
    }

    /** Both NORMAL; dhcpd's log is read from {@code iscMark} on (see {@link IscPeer#mark()}). */
    void awaitBothNormal(int iscMark) throws Exception {
      try {
        PairLab.awaitState(node, "NORMAL", Duration.ofSeconds(90));
        isc.awaitState("normal", iscMark, Duration.ofSeconds(30));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n---- dhcpd\n" + isc.allLogs(), e);
      }
    }

    /** {@code count} new clients with MAC byte {@code mac}, relayed to both servers. */
    Path probe(int count, String mac) throws Exception {
      Path acks = lab.dir().resolve("acks-" + (++probes));
      ackLogs.add(acks);
      NetLab.Result r = lab.exec("load", Duration.ofSeconds(120), NodeProcess.java(), "-cp",
          System.getProperty("java.class.path"), LeaseProbe.class.getName(), BOTH, LOAD,
          String.valueOf(count), acks.toString(), mac, "60");
      assertThat(r.out()).as(r.out() + r.err()).contains("ACKED " + count);
      return acks;
    }

    /** Renews every lease in {@code leases} (REQUEST with ciaddr, relayed to both). */
    Path renew(Path leases) throws Exception {
      Path acks = lab.dir().resolve("acks-" + (++probes));
      ackLogs.add(acks);
      NetLab.Result r = lab.exec("load", Duration.ofSeconds(120), NodeProcess.java(), "-cp",
          System.getProperty("java.class.path"), LeaseProbe.class.getName(), BOTH, LOAD, "0",
          acks.toString(), "00", "60", leases.toString());
      assertThat(r.out()).as(r.out() + r.err()).contains("RENEWED");
      return acks;
    }

    /** Sends DHCPRELEASE or DHCPDECLINE ({@code action}) for every lease in {@code ackLog}. */
    String giveBack(Path ackLog, String action) throws Exception {
      NetLab.Result r = lab.exec("load", Duration.ofSeconds(60), NodeProcess.java(), "-cp",
          System.getProperty("java.class.path"), LeaseProbe.class.getName(), BOTH, LOAD, "0",
          lab.dir().resolve("unused-" + action).toString(), "00", "30", ackLog.toString(), action);
      return r.out() + r.err();
    }

    /** Every binding state in the node's store: address to state. */
    Map<String, String> nodeStates() throws Exception {
      Map<String, String> m = new HashMap<>();
      nodeRecords().forEach((address, record) -> m.put(address, record[0]));
      return m;
    }

    /**
     * Every binding in the node's store, from {@code dhcp-node leases --all}: address to {state,
     * hardware address as printed (type byte first)}.
     */
    Map<String, String[]> nodeRecords() throws Exception {
      NetLab.Result r = lab.run(Duration.ofSeconds(60), List.of(NodeProcess.java(), "-jar", NodeProcess.jar(),
          "leases", "--all", "--data-dir", dataDir.toString()));
      Map<String, String[]> m = new HashMap<>();
      Matcher x = Pattern.compile("(?m)^(\\d+\\.\\d+\\.\\d+\\.\\d+)\\s+(\\S+)\\s+(\\S+)").matcher(r.out());
      while (x.find()) {
        m.put(x.group(1), new String[] {x.group(2), x.group(3)});
      }
      return m;
    }

    /**
     * Waits until every address in {@code acks} is in one of {@code nodeStates} in the node's store
     * and in one of {@code iscStates} in dhcpd's lease file.
     */
    void awaitStates(List<AckRecord> acks, Set<String> nodeStates, Set<String> iscStates) throws Exception {
      long end = System.currentTimeMillis() + 30_000;
      Map<String, String> inNode = Map.of();
      Map<String, String> inIsc = new HashMap<>();
      while (System.currentTimeMillis() < end) {
        inNode = nodeStates();
        inIsc.clear();
        isc.leaseRecords().forEach((address, record) -> inIsc.put(address, record[0]));
        Map<String, String> n = inNode;
        if (acks.stream().allMatch(a -> nodeStates.contains(n.get(a.address()))
            && iscStates.contains(inIsc.get(a.address())))) {
          return;
        }
        Thread.sleep(500);
      }
      StringBuilder states = new StringBuilder();
      for (AckRecord a : acks) {
        states.append(a.address()).append(" from ").append(a.server()).append(": node ")
            .append(inNode.get(a.address())).append(", dhcpd ").append(inIsc.get(a.address())).append('\n');
      }
      throw new AssertionError("expected node " + nodeStates + " and dhcpd " + iscStates + ":\n" + states
          + "---- node\n" + nodeLogs() + "\n---- dhcpd\n" + isc.allLogs());
    }

    /** Waits until no lease in {@code ackLog} is ACTIVE in either store. */
    void awaitExpired(Path ackLog, Duration timeout) throws Exception {
      List<AckRecord> acks = AckRecord.read(List.of(ackLog));
      long end = System.currentTimeMillis() + timeout.toMillis();
      Map<String, String> inNode = Map.of();
      Map<String, String> inIsc = Map.of();
      while (System.currentTimeMillis() < end) {
        inNode = nodeActive();
        inIsc = isc.activeLeases();
        Map<String, String> n = inNode;
        Map<String, String> i = inIsc;
        if (acks.stream().noneMatch(a -> n.containsKey(a.address()) || i.containsKey(a.address()))) {
          return;
        }
        Thread.sleep(1000);
      }
      throw new AssertionError("leases " + acks + " still active: node " + inNode + " dhcpd " + inIsc
          + "\n---- node\n" + nodeLogs() + "\n---- dhcpd\n" + isc.allLogs());
    }

    /**
     * Neither side refused a binding update of the other, except for dueling updates (reason 16,
     * "less critical"), which are part of the protocol.
     */
    void assertNoRejectedUpdates() throws Exception {
      List<String> refused = new ArrayList<>();
      for (String line : (isc.allLogs() + nodeLogs()).split("\n")) {
        boolean reject = line.contains("FAILOVER_BNDUPD_REJECTED") || line.contains("FAILOVER_BNDUPD_REFUSED")
            || line.contains("FAILOVER_PROTOCOL") || line.matches("(?i).*bind update .*(rejected|got ack).*");
        // "xid mismatch": dhcpd changed a lease again while its first update was in flight (as
        // when it balances its pool with more than ten updates allowed in flight) and sent it
        // again; it ignores our BNDACK of the first update and takes the one of the second
        boolean superseded = line.contains("got ack") && line.contains("xid mismatch");
        if (reject && !superseded && !line.toLowerCase(java.util.Locale.ROOT).contains("less critical")
            && !line.contains("LESS_CRITICAL")) {
          refused.add(line);
        }
      }
      assertThat(refused).as("refused updates").isEmpty();
    }

    /** Every start's log of the node. */
    String nodeLogs() throws Exception {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; Files.exists(lab.dir().resolve("node-" + i + ".err")); i++) {
        sb.append("---- node start ").append(i).append('\n').append(lab.errors("node-" + i)).append(lab.output("node-" + i));
      }
      return sb.toString();
    }

    /** ACTIVE bindings in the node's store: address to hardware address. */
    Map<String, String> nodeActive() throws Exception {
      Map<String, String> m = new HashMap<>();
      nodeRecords().forEach((address, record) -> {
        if (record[0].equals("ACTIVE") && record[1].startsWith("01:")) {
          m.put(address, record[1].substring(3));
        }
      });
      return m;
    }

    /** Every lease dhcpd gave in {@code ackLog} is ACTIVE for that client in the node's store. */
    void awaitInNode(Path ackLog) throws Exception {
      List<AckRecord> acks = AckRecord.read(List.of(ackLog)).stream().filter(a -> a.server().equals(ISC)).toList();
      awaitStored("node", acks, this::nodeActive);
    }

    /** Every lease in {@code ackLog}, whoever gave it, is ACTIVE for that client in the node's store. */
    void awaitAllInNode(Path ackLog) throws Exception {
      awaitStored("node", AckRecord.read(List.of(ackLog)), this::nodeActive);
    }

    /** Every lease the node gave in {@code ackLog} is active for that client in dhcpd's lease file. */
    void awaitInIsc(Path ackLog) throws Exception {
      List<AckRecord> acks = AckRecord.read(List.of(ackLog)).stream().filter(a -> a.server().equals(NODE)).toList();
      awaitStored("dhcpd", acks, isc::activeLeases);
    }

    private interface Store {
      Map<String, String> read() throws Exception;
    }

    private void awaitStored(String who, List<AckRecord> acks, Store store) throws Exception {
      long end = System.currentTimeMillis() + 20_000;
      Map<String, String> stored = Map.of();
      while (System.currentTimeMillis() < end) {
        stored = store.read();
        Map<String, String> s = stored;
        if (acks.stream().allMatch(a -> a.client().equalsIgnoreCase(s.getOrDefault(a.address(), "")))) {
          return;
        }
        Thread.sleep(500);
      }
      throw new AssertionError(who + " lacks bindings: acked " + acks + "\nstored " + stored
          + "\n---- node\n" + nodeLogs() + "\n---- dhcpd\n" + isc.allLogs());
    }

    void assertNoDuplicateAddresses() throws Exception {
      List<AckRecord> all = AckRecord.read(ackLogs);
      assertThat(DuplicateAddressChecker.overlaps(all)).as("%d ACKs checked", all.size()).isEmpty();
    }

    @Override
    public void close() {
      lab.close(); // ends dhcpd and the node (by PID) and deletes the namespaces
    }
  }
}
