package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pair files used across the config tests. */
final class TestPairs {
  private TestPairs() {}

  /** The text of a resource under {@code config/}. */
  static String text(String name) {
    try (InputStream in = TestPairs.class.getResourceAsStream("/config/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource config/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh copy of the valid pair in {@code config/valid-pair.yaml}. */
  static DhcpFailoverPair valid() {
    try {
      return PairFileLoader.parse(text("valid-pair.yaml"), "valid-pair.yaml");
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** The repository's {@code examples/} directory. */
  static Path examples() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("examples");
      if (Files.isDirectory(candidate) && Files.exists(dir.resolve("pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no examples directory above " + Path.of("").toAbsolutePath());
  }
}
