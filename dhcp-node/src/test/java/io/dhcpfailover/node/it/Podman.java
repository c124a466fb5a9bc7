package io.dhcpfailover.node.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's images under Debian's podman, for the image tests: builds them with {@code
 * scripts/build-images.sh} (which keeps its base between runs) and runs containers with the
 * settings that work on a plain Debian host (runc, cgroupfs, no default ulimits: see the script).
 * Every container it starts is named by the test and removed by {@link #remove(String)}.
 */
public final class Podman {
  private static final Pattern SIZE = Pattern.compile("(?m)^(localhost/\\S+)\\s+(\\d+) MB$");

  private final Path root;
  private final Path scratch;

  private Podman(Path root, Path scratch) {
    this.root = root;
    this.scratch = scratch;
  }

  /**
   * Podman able to run containers here, or a skip (under CI a failure) naming what to install.
   *
   * @param scratch where command output goes
   */
  public static Podman require(Path scratch) throws IOException {
    Requirements.requireNetworkNamespaces();
    for (String[] tool : new String[][] {{"podman", "podman"}, {"runc", "runc"},
        {"debootstrap", "debootstrap"}, {"jlink", "openjdk-17-jdk-headless"}}) {
      Requirements.requireCommand(tool[0], tool[1]);
    }
    Podman podman = new Podman(Path.of(System.getProperty("project.root", "..")).toAbsolutePath()
        .normalize(), scratch);
    Result info = podman.run(Duration.ofSeconds(60), "info", "--format", "{{.Host.OCIRuntime.Name}}");
    Requirements.require(info.exitCode() == 0,
        "podman able to run containers as root (apt-get install podman runc): " + info.err());
    return podman;
  }

  /** The result of one podman command. */
  public record Result(int exitCode, String out, String err) {
    /** {@code this}, or an exception with the command's output. */
    public Result orThrow(String what) throws IOException {
      if (exitCode != 0) {
        throw new IOException(what + " failed (exit " + exitCode + "): " + out + err);
      }
      return this;
    }
  }

  /**
   * Builds {@code which} (node, operator or all) with {@code scripts/build-images.sh} and returns
   * the image name of {@code image} (e.g. {@code dhcp-node}) with the size the script printed.
   */
  public Image build(String which, String image) throws IOException {
    Result r = command(Duration.ofMinutes(10),
        List.of("bash", root.resolve("scripts/build-images.sh").toString(), which))
        .orThrow("scripts/build-images.sh " + which);
    Matcher m = SIZE.matcher(r.out());
    while (m.find()) {
      if (m.group(1).startsWith("localhost/" + image + ":")) {
        return new Image(m.group(1), Long.parseLong(m.group(2)), r.out());
      }
    }
    throw new IOException("scripts/build-images.sh printed no size for " + image + ": " + r.out());
  }

  /** A built image and what the script printed while building it. */
  public record Image(String name, long megabytes, String buildOutput) {}

  /** {@code podman run -d --name NAME OPTIONS...}: the container's id, or an exception. */
  public String start(String name, List<String> options) throws IOException {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
    args.addAll(options);
    return run(Duration.ofSeconds(60), args.toArray(String[]::new))
        .orThrow("podman run " + name).out().trim();
  }

  /** The host PID of the container's first process. */
  public long pid(String name) throws IOException {
    String out = run(Duration.ofSeconds(20), "inspect", "--format", "{{.State.Pid}}", name)
        .orThrow("podman inspect " + name).out().trim();
    return Long.parseLong(out);
  }

  /** Whether the container runs. */
  public boolean running(String name) throws IOException {
    Result r = run(Duration.ofSeconds(20), "inspect", "--format", "{{.State.Running}}", name);
    return r.exitCode() == 0 && r.out().trim().equals("true");
  }

  /** The container's output (stdout and stderr), or why it could not be read. */
  public String logs(String name) {
    try {
      Result r = run(Duration.ofSeconds(20), "logs", name);
      return r.out() + r.err();
    } catch (IOException e) {
      return "(logs of " + name + " unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops and removes the container, whatever its state; quiet when it does not exist. */
  public void remove(String name) {
    try {
      run(Duration.ofSeconds(40), "rm", "-f", "-t", "5", name);
    } catch (IOException e) {
      // teardown goes on: the test's namespaces are removed next, ending what runs in them
    }
  }

  /** One podman command with this host's settings, bounded by {@code timeout}. */
  public Result run(Duration timeout, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("podman", "--runtime", "runc",
        "--cgroup-manager=cgroupfs"));
    cmd.addAll(List.of(args));
    return command(timeout, cmd);
  }

  private Result command(Duration timeout, List<String> cmd) throws IOException {
    Files.createDirectories(scratch);
    Path conf = scratch.resolve("containers.conf");
    if (!Files.exists(conf)) {
      Files.writeString(conf, "[containers]\ndefault_ulimits = []\n");
    }
    String tag = "podman" + ThreadLocalRandom.current().nextInt(1_000_000);
    Path out = scratch.resolve(tag + ".out");
    Path err = scratch.resolve(tag + ".err");
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("CONTAINERS_CONF", conf.toString());
    Process p = pb.start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        NetLab.kill(p);
        throw new IOException("timed out after " + timeout + ": " + String.join(" ", cmd));
      }
    } catch (InterruptedException e) {
      NetLab.kill(p);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * The {@code Uid}, {@code CapEff} and {@code CapAmb} lines of a process's status, as the kernel
   * reports them (e.g. {@code CapEff:\t0000000000002400}).
   */
  public static String credentials(long pid) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("Uid:") || line.startsWith("CapEff:") || line.startsWith("CapAmb:")
          || line.startsWith("CapBnd:")) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }
}
