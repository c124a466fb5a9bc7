package io.dhcpfailover.node.codec.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An annotated golden failover message ({@code src/test/resources/golden/failover/*.hex}): the
 * bytes (comments and whitespace removed, hex-decoded) and the fields its comments state.
 */
record GoldenHex(
    String name,
    byte[] bytes,
    int length,
    int typeCode,
    String typeName,
    int payloadOffset,
    long time,
    long xid,
    List<Opt> options) {

  /** One option as annotated: code, name, length and the decoded-value text. */
  record Opt(int code, String name, int length, String value) {}

  private static final Pattern HEADER =
      Pattern.compile(
          "# (message length|message type|payload offset|time|xid) = (\\d+)(?:"
              + " \\(([A-Z-]+)\\))?.*");
  private static final Pattern OPTION = Pattern.compile("# option (\\d+) (\\S+) at offset \\d+");
  private static final Pattern FIELD = Pattern.compile("#\\s+(code|length|value) = (.*)");

  static Path dir() {
    try {
      return Path.of(GoldenHex.class.getResource("/golden/failover").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir())) {
      return s
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".hex"))
          .sorted()
          .toList()
          .stream();
    }
  }

  static byte[] bytes(String name) {
    return load(name).bytes();
  }

  static GoldenHex load(String name) {
    List<String> lines;
    try {
      lines = Files.readAllLines(dir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder hex = new StringBuilder();
    int length = -1;
    int type = -1;
    String typeName = null;
    int payoff = -1;
    long time = -1;
    long xid = -1;
    List<Opt> options = new ArrayList<>();
    int optCode = -1;
    String optName = null;
    int optLen = -1;
    for (String line : lines) {
      int hash = line.indexOf('#');
      String data = hash < 0 ? line : line.substring(0, hash);
      hex.append(data.replaceAll("\\s", ""));
      if (hash < 0) {
        continue;
      }
      String comment = line.substring(hash).trim();
      Matcher m = HEADER.matcher(comment);
      if (m.matches()) {
        long v = Long.parseLong(m.group(2));
        switch (m.group(1)) {
          case "message length" -> length = (int) v;
          case "message type" -> {
            type = (int) v;
            typeName = m.group(3);
          }
          case "payload offset" -> payoff = (int) v;
          case "time" -> time = v;
          case "xid" -> xid = v;
          default -> throw new IllegalStateException(comment);
        }
        continue;
      }
      m = OPTION.matcher(comment);
      if (m.matches()) {
        optCode = Integer.parseInt(m.group(1));
        optName = m.group(2);
        continue;
      }
      m = FIELD.matcher(comment);
      if (m.matches()) {
        switch (m.group(1)) {
          case "code" -> {
            if (Integer.parseInt(m.group(2).trim()) != optCode) {
              throw new IllegalStateException("code mismatch in " + name + ": " + comment);
            }
          }
          case "length" -> optLen = Integer.parseInt(m.group(2).trim());
          case "value" -> options.add(new Opt(optCode, optName, optLen, m.group(2).trim()));
          default -> throw new IllegalStateException(comment);
        }
      }
    }
    return new GoldenHex(
        name, HexFormat.of().parseHex(hex), length, type, typeName, payoff, time, xid, options);
  }
}
