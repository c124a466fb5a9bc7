package io.dhcpfailover.lab;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code lab down}: removes what a lab made, from its state file and its namespace prefix, whether
 * the lab still runs (it is asked to stop with SIGTERM and cleans up itself) or was killed. Every
 * process left in a namespace named {@code <prefix>-*} is killed by PID (SIGKILL: a node killed
 * this way loses nothing it acknowledged), the namespaces and the uplink are deleted. Nothing else
 * is touched.
 */
final class LabSweep {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

  private final PrintStream out;

  LabSweep(PrintStream out) {
    this.out = out;
  }

  /**
   * Stops the lab of {@code state} if it runs, then removes whatever is left with its prefix.
   *
   * @return the number of namespaces, links and processes removed here
   */
  int down(LabState state, Duration grace) throws IOException {
    int removed = 0;
    Optional<ProcessHandle> lab = state.liveProcess();
    if (lab.isPresent()) {
      out.println("stopping the lab (pid " + state.pid() + ")");
      lab.get().destroy();
      try {
        lab.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        out.println("the lab did not stop within " + grace + ": SIGKILL");
        lab.get().destroyForcibly();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      removed++;
    }
    return removed + sweep(state.prefix(), state.uplink());
  }

  /** Kills what runs in the prefix's namespaces, deletes them and the uplink. */
  int sweep(String prefix, String uplink) throws IOException {
    int removed = 0;
    for (String ns : namespaces(prefix)) {
      for (long pid : pidsIn(ns)) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isPresent() && p.get().destroyForcibly()) {
          try {
            p.get().onExit().get(5, TimeUnit.SECONDS);
          } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            out.println("pid " + pid + " in " + ns + " still there 5 s after SIGKILL");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
          out.println("killed pid " + pid + " in " + ns);
          removed++;
        }
      }
    }
    for (String ns : namespaces(prefix)) {
      if (run("ip", "netns", "del", ns) == 0) {
        out.println("deleted network namespace " + ns);
        removed++;
      }
    }
    if (run("ip", "link", "show", uplink) == 0 && run("ip", "link", "del", uplink) == 0) {
      out.println("deleted link " + uplink);
      removed++;
    }
    return removed;
  }

  /** Namespace names that start with {@code <prefix>-}. */
  static List<String> namespaces(String prefix) throws IOException {
    List<String> found = new ArrayList<>();
    for (String line : output("ip", "netns", "list").split("\n")) {
      String name = line.trim().split("\\s+")[0];
      if (name.startsWith(prefix + "-")) {
        found.add(name);
      }
    }
    return found;
  }

  private static List<Long> pidsIn(String ns) throws IOException {
    List<Long> pids = new ArrayList<>();
    for (String token : output("ip", "netns", "pids", ns).split("\\s+")) {
      if (token.matches("\\d+")) {
        pids.add(Long.parseLong(token));
      }
    }
    return pids;
  }

  private static String output(String... cmd) throws IOException {
    Process p = start(cmd);
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    waitFor(p, cmd);
    return text;
  }

  private static int run(String... cmd) throws IOException {
    Process p = start(cmd);
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    return waitFor(p, cmd);
  }

  private static Process start(String... cmd) throws IOException {
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  private static int waitFor(Process p, String... cmd) throws IOException {
    try {
      if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", cmd));
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
  }
}
