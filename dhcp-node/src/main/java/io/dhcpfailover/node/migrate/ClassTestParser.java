package io.dhcpfailover.node.migrate;

/**
 * The grammar both importers read a class's test with, by recursive descent: tests joined by
 * {@code or} and {@code and} ({@code and} binds tighter), in parentheses or not. What a single
 * test looks like is each server's own ({@link #comparison()}).
 */
abstract class ClassTestParser {
  /** Consumes the next token if it is {@code word}. */
  protected abstract boolean next(String word);

  /** The next token, unread, or null at the end. */
  protected abstract String peekText();

  /** One test that is not a parenthesised expression. */
  protected abstract ClassTest comparison();

  final ClassTest parse() {
    ClassTest e = or();
    if (peekText() != null) {
      throw new IllegalArgumentException("unexpected '" + peekText() + "'");
    }
    return e;
  }

  protected void expect(String word) {
    if (!next(word)) {
      throw new IllegalArgumentException("'" + word + "' expected");
    }
  }

  private ClassTest or() {
    ClassTest e = and();
    while (next("or")) {
      e = new ClassTest.Or(e, and());
    }
    return e;
  }

  private ClassTest and() {
    ClassTest e = atom();
    while (next("and")) {
      e = new ClassTest.And(e, atom());
    }
    return e;
  }

  private ClassTest atom() {
    if (next("(")) {
      ClassTest e = or();
      expect(")");
      return e;
    }
    return comparison();
  }
}
