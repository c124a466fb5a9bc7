package io.dhcpfailover.node.util;

import java.util.HexFormat;

/** Hex text for identifiers in logs, files and the CLI. */
public final class Hex {
  private static final HexFormat COLON = HexFormat.ofDelimiter(":");

  private Hex() {}

  /** Colon-separated lower-case hex, e.g. {@code 02:00:00:00:00:01}; empty for null. */
  public static String colon(byte[] bytes) {
    return bytes == null ? "" : COLON.formatHex(bytes);
  }

  /** Parses hex with or without colons. */
  public static byte[] parse(String text) {
    String digits = text.replace(":", "").trim();
    return HexFormat.of().parseHex(digits);
  }
}
