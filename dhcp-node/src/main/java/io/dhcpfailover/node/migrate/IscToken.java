package io.dhcpfailover.node.migrate;

import java.nio.charset.StandardCharsets;

/**
 * One token of ISC dhcpd's configuration syntax (dhcpd.conf and dhcpd.leases).
 *
 * @param kind what it is
 * @param text the word, or a quoted string's bytes as ISO-8859-1 characters (one char per byte)
 * @param line the 1-based line it starts on
 */
public record IscToken(Kind kind, String text, int line) {

  /** The kinds of token. */
  public enum Kind {
    /** A bare word: a keyword, a number, an address, colon-separated hex, {@code =}. */
    WORD,
    /** A double-quoted string, escapes resolved. */
    STRING,
    LBRACE,
    RBRACE,
    SEMICOLON,
    COMMA
  }

  /** The string's bytes, as the server would read them (escapes such as {@code \001} resolved). */
  public byte[] bytes() {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Whether this is the bare word {@code word}, ignoring case. */
  public boolean is(String word) {
    return kind == Kind.WORD && text.equalsIgnoreCase(word);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case STRING -> "\"" + text + "\"";
      case LBRACE -> "{";
      case RBRACE -> "}";
      case SEMICOLON -> ";";
      case COMMA -> ",";
      default -> text;
    };
  }
}
