package io.dhcpfailover.node.codec.dhcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads annotated hex packets from {@code src/test/resources/golden/dhcpv4}: everything from {@code
 * #} to the end of a line is a comment, whitespace is ignored, the rest is hex.
 */
final class GoldenPackets {
  private static final String ROOT = "/golden/dhcpv4/";

  private GoldenPackets() {}

  /**
   * The bytes of {@code name} (e.g. {@code "dhclient-discover"} or {@code "malformed/hops-17"}).
   */
  static byte[] load(String name) {
    String resource = ROOT + name + ".hex";
    try (InputStream in = GoldenPackets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden packet " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Annotated hex to bytes. */
  static byte[] parse(String annotated) {
    StringBuilder digits = new StringBuilder();
    for (String line : annotated.split("\n", -1)) {
      int comment = line.indexOf('#');
      String data = comment >= 0 ? line.substring(0, comment) : line;
      digits.append(data.replaceAll("\\s", ""));
    }
    return HexFormat.of().parseHex(digits);
  }

  /** The names of the captured packets directly in the folder (not {@code malformed/}), sorted. */
  static List<String> capturedNames() {
    URL folder = GoldenPackets.class.getResource(ROOT);
    if (folder == null) {
      throw new IllegalStateException("no " + ROOT + " on the test class path");
    }
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".hex"))
          .map(n -> n.substring(0, n.length() - ".hex".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
