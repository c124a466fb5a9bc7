package io.dhcpfailover.node.migrate;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One statement of ISC dhcpd's syntax: its words up to the {@code ;} or the {@code {}, and for a
 * block its inner statements.
 *
 * @param line the line of its first word
 * @param words the tokens before the {@code ;} or {@code {} (commas included)
 * @param block the statements inside the braces, or null for a simple statement
 */
public record IscStatement(int line, List<IscToken> words, List<IscStatement> block) {

  public IscStatement {
    words = List.copyOf(words);
    block = block == null ? null : List.copyOf(block);
  }

  /** Whether the statement starts with these words (bare words, case ignored). */
  public boolean startsWith(String... keywords) {
    if (words.size() < keywords.length) {
      return false;
    }
    for (int i = 0; i < keywords.length; i++) {
      if (!words.get(i).is(keywords[i])) {
        return false;
      }
    }
    return true;
  }

  /** The word at {@code i}'s text, or null past the end. */
  public String word(int i) {
    return i < words.size() ? words.get(i).text() : null;
  }

  public int size() {
    return words.size();
  }

  public boolean isBlock() {
    return block != null;
  }

  /** The statement as written, shortened for messages. */
  public String summary() {
    String s = words.stream().map(IscToken::toString).collect(Collectors.joining(" "));
    s = s.replace(" ,", ",");
    if (s.length() > 60) {
      s = s.substring(0, 57) + "...";
    }
    return s + (block == null ? ";" : " { ... }");
  }
}
