package io.dhcpfailover.node.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits ISC dhcpd's configuration syntax into tokens: words, quoted strings, braces, semicolons
 * and commas, with the line each starts on. {@code #} starts a comment to the end of the line
 * (outside strings). A string may hold the escapes dhcpd writes in its lease file: {@code \NNN}
 * (octal), {@code \xHH}, {@code \t}, {@code \n}, {@code \r}, {@code \"}, {@code \\}. An
 * unterminated string ends at the end of the input and is reported.
 */
public final class IscTokenizer {
  private final String text;
  private final List<ImportNote> notes;
  private int pos;
  private int line = 1;

  private IscTokenizer(String text, List<ImportNote> notes) {
    this.text = text;
    this.notes = notes;
  }

  /** The tokens of {@code text}; problems (an unterminated string) go to {@code notes}. */
  public static List<IscToken> tokenize(String text, List<ImportNote> notes) {
    return new IscTokenizer(text, notes).run();
  }

  private List<IscToken> run() {
    List<IscToken> tokens = new ArrayList<>();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '{') {
        tokens.add(new IscToken(IscToken.Kind.LBRACE, "{", line));
        pos++;
      } else if (c == '}') {
        tokens.add(new IscToken(IscToken.Kind.RBRACE, "}", line));
        pos++;
      } else if (c == ';') {
        tokens.add(new IscToken(IscToken.Kind.SEMICOLON, ";", line));
        pos++;
      } else if (c == ',') {
        tokens.add(new IscToken(IscToken.Kind.COMMA, ",", line));
        pos++;
      } else if (c == '"') {
        tokens.add(string());
      } else {
        int start = pos;
        while (pos < text.length() && !isDelimiter(text.charAt(pos))) {
          pos++;
        }
        tokens.add(new IscToken(IscToken.Kind.WORD, text.substring(start, pos), line));
      }
    }
    return tokens;
  }

  private static boolean isDelimiter(char c) {
    return Character.isWhitespace(c) || c == '{' || c == '}' || c == ';' || c == ',' || c == '"'
        || c == '#';
  }

  private IscToken string() {
    int startLine = line;
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return new IscToken(IscToken.Kind.STRING, sb.toString(), startLine);
      }
      if (c == '\n') {
        line++;
      }
      if (c != '\\' || pos >= text.length()) {
        sb.append(c);
        continue;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case 't' -> sb.append('\t');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 'x' -> {
          int end = pos;
          while (end < text.length() && end < pos + 2 && Character.digit(text.charAt(end), 16) >= 0) {
            end++;
          }
          if (end == pos) {
            sb.append('x');
          } else {
            sb.append((char) Integer.parseInt(text.substring(pos, end), 16));
            pos = end;
          }
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int end = pos - 1;
            while (end < text.length() && end < pos + 2 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
              end++;
            }
            sb.append((char) (Integer.parseInt(text.substring(pos - 1, end), 8) & 0xff));
            pos = end;
          } else {
            sb.append(e);
          }
        }
      }
    }
    notes.add(new ImportNote(startLine, "string not terminated before the end of the file"));
    return new IscToken(IscToken.Kind.STRING, sb.toString(), startLine);
  }
}
