package io.dhcpfailover.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISC dhcpd 4.4.x as a failover partner in a test namespace (digest §I): writes its dhcpd.conf,
 * runs {@code dhcpd -4 -f -d} on one interface, reads its log (stderr) and its lease file.
 */
final class IscPeer {
  static final Path DHCPD = Path.of("/usr/sbin/dhcpd");

  private final NetLab lab;
  private final String host;
  private final String ifname;
  private final Path conf;
  private final Path leases;
  private final Path pidFile;
  private Process process;
  private int starts;

  /**
   * @param primary whether dhcpd is the primary of the relationship
   * @param relationship the {@code failover peer} name (= relationship-name on the wire)
   * @param rangeFrom first address of the pool
   * @param rangeTo last address of the pool
   */
  IscPeer(NetLab lab, String host, String ifname, boolean primary, String relationship, String address,
      String peerAddress, String subnet, String rangeFrom, String rangeTo, long mclt, long maxResponseDelay)
      throws IOException {
    this.lab = lab;
    this.host = host;
    this.ifname = ifname;
    this.conf = lab.dir().resolve("dhcpd.conf");
    this.leases = lab.dir().resolve("dhcpd.leases");
    this.pidFile = lab.dir().resolve("dhcpd.pid");
    // the secondary takes MCLT and the hash bucket assignment from CONNECT and must not set them
    String primaryOnly = primary ? "  mclt " + mclt + ";\n  split 128;\n" : "";
    Files.writeString(conf, """
        authoritative;
        ddns-update-style none;
        default-lease-time 600;
        max-lease-time 600;
        ping-check false;
        failover peer "%s" {
          %s;
          address %s;
          port 647;
          peer address %s;
          peer port 647;
          max-response-delay %d;
          max-unacked-updates 10;
          load balance max seconds 3;
        %s}
        subnet %s netmask 255.255.255.0 {
          pool {
            failover peer "%s";
            deny dynamic bootp clients;
            range %s %s;
          }
        }
        """.formatted(relationship, primary ? "primary" : "secondary", address, peerAddress,
        maxResponseDelay, primaryOnly, subnet, relationship, rangeFrom, rangeTo));
    Files.writeString(leases, "");
  }

  static boolean installed() {
    return Files.isExecutable(DHCPD);
  }

  IscPeer start() throws IOException {
    process = lab.start(host, name(++starts), DHCPD.toString(), "-4", "-f", "-d", "-cf", conf.toString(),
        "-lf", leases.toString(), "-pf", pidFile.toString(), ifname);
    return this;
  }

  private static String name(int start) {
    return "dhcpd-" + start;
  }

  Process process() {
    return process;
  }

  /** SIGKILL: no goodbye on the failover link, the kernel closes the TCP connection. */
  void kill9() {
    NetLab.kill(process);
  }

  /** What dhcpd logged (it logs to stderr with -d) since its latest start. */
  String log() throws IOException {
    return lab.errors(name(starts)) + lab.output(name(starts));
  }

  /** Every start's log, for failure messages. */
  String allLogs() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= starts; i++) {
      sb.append("---- dhcpd start ").append(i).append('\n').append(lab.errors(name(i))).append(lab.output(name(i)));
    }
    return sb.toString();
  }

  /**
   * Waits (bounded) until the current run's log matches {@code regex}; returns the milliseconds it
   * took.
   */
  long awaitLog(String regex, Duration timeout) throws Exception {
    return awaitLog(regex, 0, timeout);
  }

  /** The current run's log length: a mark for {@link #awaitLog(String, int, Duration)}. */
  int mark() throws IOException {
    return log().length();
  }

  /** Like {@link #awaitLog(String, Duration)}, only looking at what was logged after {@code mark}. */
  long awaitLog(String regex, int mark, Duration timeout) throws Exception {
    Pattern p = Pattern.compile(regex);
    long start = System.currentTimeMillis();
    long end = start + timeout.toMillis();
    while (System.currentTimeMillis() < end) {
      String log = log();
      if (p.matcher(log.substring(Math.min(mark, log.length()))).find()) {
        return System.currentTimeMillis() - start;
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("dhcpd never logged /" + regex + "/ (alive " + process.isAlive() + "):\n" + allLogs());
  }

  /** Waits until dhcpd logs that it moved to {@code state} (ISC's names, e.g. "normal"). */
  long awaitState(String state, Duration timeout) throws Exception {
    return awaitState(state, 0, timeout);
  }

  /** Like {@link #awaitState(String, Duration)}, only looking at what was logged after {@code mark}. */
  long awaitState(String state, int mark, Duration timeout) throws Exception {
    return awaitLog("I move from \\S+ to " + Pattern.quote(state) + "\\b", mark, timeout);
  }

  /**
   * The lease file's latest record per address (dhcpd appends a new record for every change):
   * address to {binding state, hardware address}.
   */
  Map<String, String[]> leaseRecords() throws IOException {
    Map<String, String[]> m = new HashMap<>();
    String text = Files.exists(leases) ? Files.readString(leases) : "";
    Matcher x = Pattern.compile("(?s)lease (\\S+) \\{(.*?)\\n\\}").matcher(text);
    Pattern state = Pattern.compile("(?m)^\\s*binding state (\\S+);");
    Pattern hw = Pattern.compile("(?m)^\\s*hardware ethernet (\\S+);");
    while (x.find()) {
      Matcher s = state.matcher(x.group(2));
      Matcher h = hw.matcher(x.group(2));
      m.put(x.group(1), new String[] {s.find() ? s.group(1) : "?", h.find() ? h.group(1) : ""});
    }
    return m;
  }

  /** ACTIVE bindings in the lease file: address to hardware address. */
  Map<String, String> activeLeases() throws IOException {
    Map<String, String> m = new HashMap<>();
    for (Map.Entry<String, String[]> e : leaseRecords().entrySet()) {
      if (e.getValue()[0].equals("active")) {
        m.put(e.getKey(), e.getValue()[1]);
      }
    }
    return m;
  }

  String leaseFile() throws IOException {
    return Files.exists(leases) ? Files.readString(leases) : "";
  }
}
