package io.dhcpfailover.node.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts in network namespaces: every namespace's name starts with a prefix unique to one test,
 * addresses are in 198.18.0.0/15, and {@link #close()} ends every process the lab started (by PID)
 * and deletes every namespace, also when the test failed.
 */
public final class NetLab implements AutoCloseable {
  private final String prefix;
  private final Path dir;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());

  public NetLab(String testName) throws IOException {
    this.prefix =
        "it" + testName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "").substring(0, Math.min(6, testName.length()))
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    this.dir = Files.createTempDirectory(prefix);
  }

  public static boolean available() {
    try {
      Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
      return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && "root".equals(System.getProperty("user.name"));
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** A scratch directory for this lab's files. */
  public Path dir() {
    return dir;
  }

  public String ns(String host) {
    return prefix + "-" + host;
  }

  /** Creates a namespace for {@code host} with loopback up. */
  public String host(String host) throws IOException {
    String ns = ns(host);
    sh("ip", "netns", "add", ns);
    namespaces.add(ns);
    sh("ip", "-n", ns, "link", "set", "lo", "up");
    return ns;
  }

  /** A bridge {@code bridge} inside namespace {@code host}'s namespace: one L2 segment. */
  public void bridge(String host, String bridge) throws IOException {
    String ns = ns(host);
    sh("ip", "-n", ns, "link", "add", bridge, "type", "bridge");
    sh("ip", "-n", ns, "link", "set", bridge, "up");
  }

  /**
   * Connects {@code host}'s interface {@code ifname} to {@code bridge} in {@code switchHost}, with
   * an optional address (CIDR) on the host side.
   */
  public void attach(String host, String ifname, String switchHost, String bridge, String cidr)
      throws IOException {
    String peer = "v" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    sh("ip", "link", "add", ifname, "netns", ns(host), "type", "veth", "peer", "name", peer, "netns", ns(switchHost));
    sh("ip", "-n", ns(switchHost), "link", "set", peer, "master", bridge);
    sh("ip", "-n", ns(switchHost), "link", "set", peer, "up");
    if (cidr != null) {
      sh("ip", "-n", ns(host), "addr", "add", cidr, "dev", ifname);
    }
    sh("ip", "-n", ns(host), "link", "set", ifname, "up");
  }

  public void addAddress(String host, String ifname, String cidr) throws IOException {
    sh("ip", "-n", ns(host), "addr", "add", cidr, "dev", ifname);
  }

  public void route(String host, String destination, String via) throws IOException {
    sh("ip", "-n", ns(host), "route", "add", destination, "via", via);
  }

  /** Starts {@code command} in {@code host}'s namespace; output goes to files named after {@code name}. */
  public Process start(String host, String name, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
    cmd.addAll(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectOutput(dir.resolve(name + ".out").toFile());
    pb.redirectError(dir.resolve(name + ".err").toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** Runs {@code command} in {@code host}'s namespace to completion (bounded), returns its stdout. */
  public Result exec(String host, Duration timeout, String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
    cmd.addAll(List.of(command));
    return run(timeout, cmd);
  }

  public record Result(int exitCode, String out, String err) {}

  public Result run(Duration timeout, List<String> cmd) throws IOException {
    String tag = "cmd" + ThreadLocalRandom.current().nextInt(1_000_000);
    Path out = dir.resolve(tag + ".out");
    Path err = dir.resolve(tag + ".err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
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
      throw new IOException("interrupted: " + String.join(" ", cmd));
    }
    processes.remove(p);
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** HTTP GET from inside {@code host}'s namespace. */
  public String curl(String host, String url) throws IOException {
    Result r = exec(host, Duration.ofSeconds(10), "curl", "-s", "--max-time", "5", url);
    if (r.exitCode() != 0) {
      throw new IOException("curl " + url + " failed: exit " + r.exitCode());
    }
    return r.out();
  }

  public String output(String name) throws IOException {
    Path p = dir.resolve(name + ".out");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  public String errors(String name) throws IOException {
    Path p = dir.resolve(name + ".err");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  private void sh(String... cmd) throws IOException {
    Result r = run(Duration.ofSeconds(20), List.of(cmd));
    if (r.exitCode() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + r.err());
    }
  }

  /** SIGKILL for a process and its descendants (the process started through ip netns exec). */
  public static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, then SIGKILL after {@code grace}. */
  public static void stop(Process p, Duration grace) {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
      }
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
    }
  }

  /** PIDs of processes living in {@code host}'s namespace (leftover client helpers). */
  public List<Long> pidsIn(String host) {
    try {
      Result r = run(Duration.ofSeconds(5), List.of("ip", "netns", "pids", ns(host)));
      List<Long> pids = new ArrayList<>();
      for (String line : r.out().split("\\s+")) {
        if (!line.isBlank()) {
          pids.add(Long.parseLong(line.trim()));
        }
      }
      return pids;
    } catch (IOException | NumberFormatException e) {
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
    for (String ns : namespaces) {
      // processes started by clients inside our own namespaces (e.g. dhcpcd helpers): by PID
      String host = ns.substring(prefix.length() + 1);
      for (long pid : pidsIn(host)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    for (String ns : namespaces) {
      try {
        run(Duration.ofSeconds(20), List.of("ip", "netns", "del", ns));
      } catch (IOException e) {
        System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
      }
    }
    namespaces.clear();
  }
}
