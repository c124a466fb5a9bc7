package io.dhcpfailover.lab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Hosts in network namespaces for the lab and the end-to-end tests: one L2 segment (a bridge in its
 * own namespace), hosts attached to it, and one link from the caller's own namespace to the segment
 * so that processes in the hosts reach servers the caller runs (the mock API server) and the caller
 * reaches theirs (health endpoints).
 *
 * <p>Every namespace name starts with a prefix the lab owns. {@link #close()} ends every process
 * the lab started, by PID (SIGKILL for what is still alive), every process left in its namespaces,
 * and deletes the namespaces and the link, also after a failure.
 */
public final class NamespaceLab implements AutoCloseable {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

  private final String prefix;
  private final Path dir;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
  private String uplink;

  /** A lab whose prefix is {@code tag} and four random hex digits, in a new temporary directory. */
  public NamespaceLab(String tag) throws IOException {
    this.prefix = tag + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    this.dir = Files.createTempDirectory(prefix);
  }

  /** A lab with the fixed {@code prefix}, its files in {@code dir}. */
  public NamespaceLab(String prefix, Path dir) throws IOException {
    this.prefix = prefix;
    this.dir = Files.createDirectories(dir);
  }

  /** True when this process may create network namespaces (root with iproute2). */
  public static boolean available() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return false;
    }
    try {
      Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public Path dir() {
    return dir;
  }

  public String prefix() {
    return prefix;
  }

  /** The namespace name of {@code host}. */
  public String ns(String host) {
    return prefix + "-" + host;
  }

  /** Creates the namespace of {@code host} with its loopback up. */
  public void host(String host) throws IOException {
    String ns = ns(host);
    sh("ip", "netns", "add", ns);
    namespaces.add(ns);
    sh("ip", "-n", ns, "link", "set", "lo", "up");
  }

  /** Creates bridge {@code bridge} inside {@code host}. */
  public void bridge(String host, String bridge) throws IOException {
    sh("ip", "-n", ns(host), "link", "add", bridge, "type", "bridge");
    sh("ip", "-n", ns(host), "link", "set", bridge, "up");
  }

  /** Connects {@code ifname} of {@code host} to {@code bridge}; {@code cidr} may be null. */
  public void attach(String host, String ifname, String switchHost, String bridge, String cidr)
      throws IOException {
    String peer = "v" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    sh("ip", "link", "add", ifname, "netns", ns(host), "type", "veth", "peer", "name", peer,
        "netns", ns(switchHost));
    sh("ip", "-n", ns(switchHost), "link", "set", peer, "master", bridge);
    sh("ip", "-n", ns(switchHost), "link", "set", peer, "up");
    if (cidr != null) {
      sh("ip", "-n", ns(host), "addr", "add", cidr, "dev", ifname);
    }
    sh("ip", "-n", ns(host), "link", "set", ifname, "up");
  }

  /**
   * Connects the test's own namespace to {@code bridge} with address {@code cidr} on its side. The
   * interface is named after the lab's prefix and deleted by {@link #close()}.
   */
  public void uplink(String switchHost, String bridge, String cidr) throws IOException {
    reclaimAddress(cidr.substring(0, cidr.indexOf('/')));
    String local = uplinkName();
    String peer = "up" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    sh("ip", "link", "add", local, "type", "veth", "peer", "name", peer, "netns", ns(switchHost));
    uplink = local;
    sh("ip", "-n", ns(switchHost), "link", "set", peer, "master", bridge);
    sh("ip", "-n", ns(switchHost), "link", "set", peer, "up");
    sh("ip", "addr", "add", cidr, "dev", local);
    sh("ip", "link", "set", local, "up");
  }

  /** The name of the uplink interface: the prefix (cut to 13 characters) and {@code u}. */
  public String uplinkName() {
    return uplinkName(prefix);
  }

  /** The uplink interface name of a lab with {@code prefix}. */
  public static String uplinkName(String prefix) {
    return (prefix.length() > 13 ? prefix.substring(0, 13) : prefix) + "u";
  }

  /**
   * Makes sure no interface of the test's own namespace holds {@code address}: a second interface
   * with the lab's address would take the replies to the lab's hosts, and every connection between
   * the test and its pods would time out. An uplink left by a run of this same lab that was killed
   * before it could clean up (named {@code <tag><4 hex digits>u}) is deleted with the namespaces of
   * its prefix; any other holder is an error that names it.
   */
  private void reclaimAddress(String address) throws IOException {
    String tag = prefix.substring(0, prefix.length() - 4);
    Result held = run(COMMAND_TIMEOUT, List.of("ip", "-o", "-4", "addr", "show", "to", address));
    for (String line : held.out().split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 2 || !fields[0].endsWith(":")) {
        continue;
      }
      String holder = fields[1].replaceFirst("@.*", "");
      boolean own = holder.equals(uplinkName());
      if (!own && !holder.matches(java.util.regex.Pattern.quote(tag) + "[0-9a-f]{4}u")) {
        throw new IOException(
            address + " is already on interface " + holder + " of this host; the lab needs it"
                + " for its uplink: remove it, or give the lab another /24");
      }
      String stale = own ? prefix : holder.substring(0, holder.length() - 1);
      System.err.println("removing " + holder + " and namespaces " + stale + "-*, left by a killed"
          + " run of this lab");
      run(COMMAND_TIMEOUT, List.of("ip", "link", "del", holder));
      for (String ns : run(COMMAND_TIMEOUT, List.of("ip", "netns", "list")).out().split("\n")) {
        String name = ns.trim().split("\\s+")[0];
        if (name.startsWith(stale + "-")) {
          run(COMMAND_TIMEOUT, List.of("ip", "netns", "del", name));
        }
      }
    }
  }

  /**
   * Starts {@code command} in {@code host}'s namespace with {@code env} added to the environment;
   * stdout and stderr go to {@code <name>.log} in the lab directory.
   */
  public Process start(String host, String name, Map<String, String> env, List<String> command)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("KUBECONFIG");
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** The output file of a process started under {@code name}. */
  public Path log(String name) {
    return dir.resolve(name + ".log");
  }

  /** The output so far of a process started under {@code name}, or "" when none. */
  public String output(String name) {
    try {
      Path log = log(name);
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  public record Result(int exitCode, String out) {}

  /** Runs {@code command} in {@code host}'s namespace to completion, at most {@code timeout}. */
  public Result exec(String host, Duration timeout, List<String> command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
    cmd.addAll(command);
    return run(timeout, cmd);
  }

  public Result run(Duration timeout, List<String> cmd) throws IOException {
    Path out = Files.createTempFile(dir, "cmd", ".out");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    processes.add(p);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        throw new IOException("timed out after " + timeout + ": " + String.join(" ", cmd));
      }
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
    processes.remove(p);
    try {
      return new Result(p.exitValue(), Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private void sh(String... cmd) throws IOException {
    Result r = run(COMMAND_TIMEOUT, List.of(cmd));
    if (r.exitCode() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + r.out());
    }
  }

  /** SIGKILL for {@code p} and its descendants. */
  public static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * SIGTERM to {@code p} and its descendants, then SIGKILL when still alive after {@code grace}.
   *
   * @return true when the process ended within the grace period
   */
  public static boolean terminate(Process p, Duration grace) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill(p);
    return false;
  }

  /** PIDs of the processes living in {@code host}'s namespace. */
  private List<Long> pidsIn(String ns) {
    try {
      Result r = run(Duration.ofSeconds(5), List.of("ip", "netns", "pids", ns));
      List<Long> pids = new ArrayList<>();
      for (String token : r.out().split("\\s+")) {
        if (token.matches("\\d+")) {
          pids.add(Long.parseLong(token));
        }
      }
      return pids;
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    for (Process p : new ArrayList<>(processes)) {
      if (p.isAlive()) {
        kill(p);
      }
    }
    // daemons a client forked inside the lab's own namespaces
    for (String ns : namespaces) {
      for (long pid : pidsIn(ns)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    if (uplink != null) {
      try {
        run(COMMAND_TIMEOUT, List.of("ip", "link", "del", uplink));
      } catch (IOException e) {
        System.err.println("could not delete link " + uplink + ": " + e.getMessage());
      }
    }
    for (String ns : namespaces) {
      try {
        run(COMMAND_TIMEOUT, List.of("ip", "netns", "del", ns));
      } catch (IOException e) {
        System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
      }
    }
    namespaces.clear();
  }
}
