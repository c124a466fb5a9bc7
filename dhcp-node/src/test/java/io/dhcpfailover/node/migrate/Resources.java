package io.dhcpfailover.node.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sample configurations and lease files under {@code src/test/resources/migrate}. */
final class Resources {
  private Resources() {}

  static String read(String name) {
    try (InputStream in = Resources.class.getResourceAsStream("/migrate/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource migrate/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
