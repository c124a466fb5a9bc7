package io.dhcpfailover.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.it.Requirements;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Command-line tools the deployment tests drive (kubectl, helm, promtool), and running them.
 *
 * <p>A tool {@code t} comes from the system property {@code t}, else the environment variable
 * {@code T}, else {@code target/tools/t} of the project (where scripts/install-test-deps.sh puts
 * kubectl 1.34 and Helm 4.1.4), else the {@code PATH}.
 */
public final class Tools {
  /** The project's root directory (the tests run in a module's directory). */
  public static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();

  private Tools() {}

  public static Optional<String> find(String tool) {
    for (String candidate :
        new String[] {
          System.getProperty(tool),
          System.getenv(tool.toUpperCase(Locale.ROOT)),
          ROOT.resolve("target/tools").resolve(tool).toString()
        }) {
      if (candidate != null && !candidate.isBlank() && new File(candidate).canExecute()) {
        return Optional.of(candidate);
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        File file = new File(entry, tool);
        if (file.canExecute()) {
          return Optional.of(file.getAbsolutePath());
        }
      }
    }
    return Optional.empty();
  }

  /** The tool's path; skips the test without it, or fails it under CI=true saying how to get it. */
  public static String require(String tool, String howToGet) {
    Optional<String> found = find(tool);
    Requirements.require(
        found.isPresent(),
        tool + " (" + howToGet + "; or -D" + tool + "=PATH, " + tool.toUpperCase(Locale.ROOT)
            + ", or " + tool + " on PATH)");
    return found.get();
  }

  /** Runs {@code command} in {@code dir}; fails with its output unless it exits 0 within 120 s. */
  public static String run(Path dir, String... command) throws IOException, InterruptedException {
    Result r = exec(dir, command);
    assertThat(r.exit())
        .as("%s\nstdout:\n%s\nstderr:\n%s", String.join(" ", command), r.out(), r.err())
        .isZero();
    return r.out();
  }

  /** Runs {@code command} in {@code dir} and returns what it printed and its exit status. */
  public static Result exec(Path dir, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("tool", ".out");
    Path err = Files.createTempFile("tool", ".err");
    try {
      Process p =
          new ProcessBuilder(new ArrayList<>(List.of(command)))
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  public record Result(int exit, String out, String err) {}
}
