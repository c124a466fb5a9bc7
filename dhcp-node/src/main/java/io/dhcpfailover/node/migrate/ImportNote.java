package io.dhcpfailover.node.migrate;

/**
 * Something an importer could not translate, or translated only in part, printed to the user one
 * per line.
 *
 * @param line the 1-based line of the source file it concerns, or 0 when there is no line (JSON
 *     and CSV sources name the place in the message)
 * @param message what was not translated and why
 */
public record ImportNote(int line, String message) {

  /** {@code line N: message}, or the message alone. */
  @Override
  public String toString() {
    return line > 0 ? "line " + line + ": " + message : message;
  }
}
