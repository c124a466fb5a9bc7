package io.dhcpfailover.node.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (a tool, root, network namespaces). Outside CI a missing
 * requirement skips the test, as {@code assumeTrue} does; under CI ({@code CI=true}) it fails the
 * test with what to install, because a CI run must never pass by skipping.
 */
public final class Requirements {
  private Requirements() {}

  /** Skips (or, under CI, fails) unless {@code ok}; {@code whatToInstall} says how to get it. */
  public static void require(boolean ok, String whatToInstall) {
    require(ok, whatToInstall, System.getenv());
  }

  static void require(boolean ok, String whatToInstall, Map<String, String> env) {
    if (ok) {
      return;
    }
    if (inCi(env)) {
      fail("missing under CI=true (a CI run must not skip): " + whatToInstall);
    }
    Assumptions.assumeTrue(false, "skipped, missing: " + whatToInstall);
  }

  /** Root and iproute2's network namespaces, for every test that runs real hosts. */
  public static void requireNetworkNamespaces() {
    require(NetLab.available(), "root and network namespaces (run as root; apt-get install iproute2)");
  }

  /** {@code command} on PATH or in /usr/sbin, /sbin; else skip or fail naming its Debian package. */
  public static void requireCommand(String command, String debianPackage) {
    require(
        onPath(command, System.getenv("PATH")),
        "the command " + command + " (apt-get install " + debianPackage
            + ", or bash scripts/install-test-deps.sh)");
  }

  static boolean inCi(Map<String, String> env) {
    return "true".equalsIgnoreCase(env.getOrDefault("CI", "").trim());
  }

  static boolean onPath(String command, String path) {
    String dirs = (path == null ? "" : path) + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
    for (String dir : dirs.split(File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
