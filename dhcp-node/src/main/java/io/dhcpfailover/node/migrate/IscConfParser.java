package io.dhcpfailover.node.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the statement tree of ISC dhcpd's brace and semicolon syntax from its tokens. It knows no
 * keyword: a statement ends at {@code ;}, a block opens at <code>{</code> and ends at the matching
 * <code>}</code> (a {@code ;} after it is tolerated). Broken structure is reported with its line,
 * and parsing goes on: a stray <code>}</code> is skipped, a block or statement cut off by the end
 * of the file is kept as far as it goes.
 */
public final class IscConfParser {
  private final List<IscToken> tokens;
  private final List<ImportNote> notes;
  private int pos;

  private IscConfParser(List<IscToken> tokens, List<ImportNote> notes) {
    this.tokens = tokens;
    this.notes = notes;
  }

  /** The top-level statements of {@code text}; syntax problems go to {@code notes}. */
  public static List<IscStatement> parse(String text, List<ImportNote> notes) {
    return new IscConfParser(IscTokenizer.tokenize(text, notes), notes).statements(true);
  }

  private List<IscStatement> statements(boolean topLevel) {
    List<IscStatement> out = new ArrayList<>();
    while (pos < tokens.size()) {
      IscToken t = tokens.get(pos);
      if (t.kind() == IscToken.Kind.RBRACE) {
        if (topLevel) {
          notes.add(new ImportNote(t.line(), "'}' without a matching '{': skipped"));
          pos++;
          continue;
        }
        return out;
      }
      if (t.kind() == IscToken.Kind.SEMICOLON) {
        pos++; // an empty statement, e.g. after a block
        continue;
      }
      out.add(statement());
    }
    if (!topLevel) {
      int line = tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).line();
      notes.add(new ImportNote(line, "the file ends inside a block: '}' missing"));
    }
    return out;
  }

  private IscStatement statement() {
    int line = tokens.get(pos).line();
    List<IscToken> words = new ArrayList<>();
    while (pos < tokens.size()) {
      IscToken t = tokens.get(pos);
      switch (t.kind()) {
        case SEMICOLON -> {
          pos++;
          return new IscStatement(line, words, null);
        }
        case LBRACE -> {
          pos++;
          List<IscStatement> inner = statements(false);
          if (pos < tokens.size()) {
            pos++; // the closing brace
          }
          return new IscStatement(line, words, inner);
        }
        case RBRACE -> {
          notes.add(new ImportNote(line, "statement not terminated by ';' before '}'"));
          return new IscStatement(line, words, null);
        }
        default -> {
          words.add(t);
          pos++;
        }
      }
    }
    notes.add(new ImportNote(line, "statement not terminated by ';' at the end of the file"));
    return new IscStatement(line, words, null);
  }
}
